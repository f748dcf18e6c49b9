CREATE TABLE "credentials" (
	"credential_name" text PRIMARY KEY NOT NULL,
	"sealed_values" text NOT NULL,
	"value_hints" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credential_info" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
