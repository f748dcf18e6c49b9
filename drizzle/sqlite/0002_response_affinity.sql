CREATE TABLE `response_affinity` (
	`ref` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`deployment_id` text NOT NULL,
	`credential_hash` text NOT NULL,
	`model_group` text NOT NULL,
	`key_token` text,
	`team_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `response_affinity_expires` ON `response_affinity` (`expires_at`);