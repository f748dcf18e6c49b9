CREATE TABLE `spend_settlement` (
	`id` integer PRIMARY KEY NOT NULL,
	`settled_through` integer NOT NULL
);
--> statement-breakpoint
-- Totals written before this migration already include every existing row.
INSERT INTO `spend_settlement` (`id`, `settled_through`) SELECT 1, coalesce(max(rowid), 0) FROM `spend_logs`;
