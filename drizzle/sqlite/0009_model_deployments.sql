CREATE TABLE `model_deployments` (
	`id` text PRIMARY KEY NOT NULL,
	`model_name` text NOT NULL,
	`public_params` text NOT NULL,
	`sealed_secrets` text,
	`secret_hints` text DEFAULT '{}' NOT NULL,
	`model_info` text DEFAULT '{}' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL
);
