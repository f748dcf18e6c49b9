CREATE TABLE `cost_map_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`active_version_id` integer NOT NULL,
	`changed_at` integer NOT NULL,
	`reload_interval_hours` integer,
	`next_reload_at` integer,
	`last_reload_at` integer,
	`last_reload_error` text
);
--> statement-breakpoint
CREATE TABLE `cost_map_versions` (
	`version_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`content_hash` text NOT NULL,
	`model_count` integer NOT NULL,
	`content` text NOT NULL,
	`diff` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`applied_at` integer
);
--> statement-breakpoint
CREATE INDEX `cost_map_versions_status` ON `cost_map_versions` (`status`);--> statement-breakpoint
ALTER TABLE `spend_logs` ADD `cost_map_version` integer;