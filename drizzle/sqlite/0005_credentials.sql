CREATE TABLE `credentials` (
	`credential_name` text PRIMARY KEY NOT NULL,
	`sealed_values` text NOT NULL,
	`value_hints` text DEFAULT '{}' NOT NULL,
	`credential_info` text DEFAULT '{}' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
