CREATE TABLE `usage_hourly` (
	`team_id` text NOT NULL,
	`dimension` text NOT NULL,
	`hour` integer NOT NULL,
	`value` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`unpriced` integer DEFAULT 0 NOT NULL,
	`spend` real DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`team_id`, `dimension`, `hour`, `value`)
);
--> statement-breakpoint
DROP INDEX `spend_logs_team_start`;--> statement-breakpoint
DROP INDEX `spend_logs_start`;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `user_id` text;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `cached_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `cache_write_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `reasoning_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `affinity` text;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `attempted_fallbacks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `tags` text;--> statement-breakpoint
CREATE INDEX `spend_logs_team_start_id` ON `spend_logs` (`team_id`,`start_time`,`request_id`);--> statement-breakpoint
CREATE INDEX `spend_logs_start_id` ON `spend_logs` (`start_time`,`request_id`);
--> statement-breakpoint
-- Rows written before the rollups existed, added up (their users, tags and token kinds were not recorded).
INSERT INTO `usage_hourly` (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT coalesce(team_id, ''), 'model', (start_time / 3600000) * 3600000, coalesce(model_group, model), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(unpriced), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM `spend_logs` GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO `usage_hourly` (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT coalesce(team_id, ''), 'key', (start_time / 86400000) * 86400000, coalesce(api_key, ''), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(unpriced), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM `spend_logs` GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO `usage_hourly` (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT '*', 'team', (start_time / 3600000) * 3600000, coalesce(team_id, ''), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(unpriced), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM `spend_logs` GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO `usage_hourly` (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT '*', 'model', (start_time / 3600000) * 3600000, coalesce(model_group, model), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(unpriced), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM `spend_logs` GROUP BY 1, 3, 4;
