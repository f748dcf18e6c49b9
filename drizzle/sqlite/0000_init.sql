CREATE TABLE `spend_logs` (
	`request_id` text PRIMARY KEY NOT NULL,
	`api_key` text,
	`team_id` text,
	`call_type` text NOT NULL,
	`model` text NOT NULL,
	`model_group` text,
	`model_id` text,
	`provider` text,
	`spend` real DEFAULT 0 NOT NULL,
	`unpriced` integer DEFAULT false NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`total_tokens` integer DEFAULT 0 NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`status` text NOT NULL,
	`status_code` integer,
	`error_message` text
);
--> statement-breakpoint
CREATE INDEX `spend_logs_api_key_start` ON `spend_logs` (`api_key`,`start_time`);--> statement-breakpoint
CREATE INDEX `spend_logs_team_start` ON `spend_logs` (`team_id`,`start_time`);--> statement-breakpoint
CREATE INDEX `spend_logs_start` ON `spend_logs` (`start_time`);--> statement-breakpoint
CREATE TABLE `teams` (
	`team_id` text PRIMARY KEY NOT NULL,
	`team_alias` text,
	`models` text DEFAULT '[]' NOT NULL,
	`max_budget` real,
	`budget_duration` text,
	`budget_reset_at` integer,
	`spend` real DEFAULT 0 NOT NULL,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`metadata` text DEFAULT '{}' NOT NULL,
	`blocked` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `virtual_keys` (
	`token` text PRIMARY KEY NOT NULL,
	`key_name` text NOT NULL,
	`key_alias` text,
	`team_id` text,
	`user_id` text,
	`role` text DEFAULT 'user' NOT NULL,
	`models` text DEFAULT '[]' NOT NULL,
	`max_budget` real,
	`budget_duration` text,
	`budget_reset_at` integer,
	`spend` real DEFAULT 0 NOT NULL,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`expires` integer,
	`blocked` integer DEFAULT false NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE INDEX `virtual_keys_team_id` ON `virtual_keys` (`team_id`);--> statement-breakpoint
CREATE INDEX `virtual_keys_key_alias` ON `virtual_keys` (`key_alias`);