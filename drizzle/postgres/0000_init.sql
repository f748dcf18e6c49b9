CREATE TABLE "spend_logs" (
	"request_id" text PRIMARY KEY NOT NULL,
	"api_key" text,
	"team_id" text,
	"call_type" text NOT NULL,
	"model" text NOT NULL,
	"model_group" text,
	"model_id" text,
	"provider" text,
	"spend" double precision DEFAULT 0 NOT NULL,
	"unpriced" boolean DEFAULT false NOT NULL,
	"cost_map_version" integer,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"start_time" timestamp (3) with time zone NOT NULL,
	"end_time" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"status_code" integer,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"team_id" text PRIMARY KEY NOT NULL,
	"team_alias" text,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_budget" double precision,
	"budget_duration" text,
	"budget_reset_at" timestamp (3) with time zone,
	"spend" double precision DEFAULT 0 NOT NULL,
	"rpm_limit" integer,
	"tpm_limit" integer,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "virtual_keys" (
	"token" text PRIMARY KEY NOT NULL,
	"key_name" text NOT NULL,
	"key_alias" text,
	"team_id" text,
	"user_id" text,
	"role" text DEFAULT 'user' NOT NULL,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_budget" double precision,
	"budget_duration" text,
	"budget_reset_at" timestamp (3) with time zone,
	"spend" double precision DEFAULT 0 NOT NULL,
	"rpm_limit" integer,
	"tpm_limit" integer,
	"expires" timestamp (3) with time zone,
	"blocked" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"last_used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "cost_map_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"active_version_id" integer NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL,
	"reload_interval_hours" integer,
	"next_reload_at" timestamp (3) with time zone,
	"last_reload_at" timestamp (3) with time zone,
	"last_reload_error" text
);
--> statement-breakpoint
CREATE TABLE "cost_map_versions" (
	"version_id" serial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"content_hash" text NOT NULL,
	"model_count" integer NOT NULL,
	"content" text NOT NULL,
	"diff" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"applied_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "response_affinity" (
	"ref" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"deployment_id" text NOT NULL,
	"credential_hash" text NOT NULL,
	"model_group" text NOT NULL,
	"key_token" text,
	"team_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"team_id" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"subject" text NOT NULL,
	"second" bigint NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_counters_subject_second_pk" PRIMARY KEY("subject","second")
);
--> statement-breakpoint
CREATE INDEX "spend_logs_api_key_start" ON "spend_logs" USING btree ("api_key","start_time");--> statement-breakpoint
CREATE INDEX "spend_logs_team_start" ON "spend_logs" USING btree ("team_id","start_time");--> statement-breakpoint
CREATE INDEX "spend_logs_start" ON "spend_logs" USING btree ("start_time");--> statement-breakpoint
CREATE INDEX "virtual_keys_team_id" ON "virtual_keys" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "virtual_keys_key_alias" ON "virtual_keys" USING btree ("key_alias");--> statement-breakpoint
CREATE INDEX "cost_map_versions_status" ON "cost_map_versions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "response_affinity_expires" ON "response_affinity" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_log_team_at" ON "audit_log" USING btree ("team_id","at");--> statement-breakpoint
CREATE INDEX "auth_sessions_user" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "team_members_user" ON "team_members" USING btree ("user_id");