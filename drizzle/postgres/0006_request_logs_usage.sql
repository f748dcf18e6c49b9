CREATE TABLE "usage_hourly" (
	"team_id" text NOT NULL,
	"dimension" text NOT NULL,
	"hour" bigint NOT NULL,
	"value" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"failures" bigint DEFAULT 0 NOT NULL,
	"unpriced" bigint DEFAULT 0 NOT NULL,
	"spend" double precision DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hourly_team_id_dimension_hour_value_pk" PRIMARY KEY("team_id","dimension","hour","value")
);
--> statement-breakpoint
DROP INDEX "spend_logs_team_start";--> statement-breakpoint
DROP INDEX "spend_logs_start";--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "cached_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "cache_write_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "reasoning_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "affinity" text;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "attempted_fallbacks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spend_logs" ADD COLUMN "tags" text;--> statement-breakpoint
CREATE INDEX "spend_logs_team_start_id" ON "spend_logs" USING btree ("team_id","start_time","request_id");--> statement-breakpoint
CREATE INDEX "spend_logs_start_id" ON "spend_logs" USING btree ("start_time","request_id");
--> statement-breakpoint
-- Rows written before the rollups existed, added up (their users, tags and token kinds were not recorded).
INSERT INTO "usage_hourly" (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT coalesce(team_id, ''), 'model', (floor(extract(epoch from start_time) / 3600) * 3600000)::bigint, coalesce(model_group, model), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(case when unpriced then 1 else 0 end), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM "spend_logs" GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO "usage_hourly" (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT coalesce(team_id, ''), 'key', (floor(extract(epoch from start_time) / 86400) * 86400000)::bigint, coalesce(api_key, ''), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(case when unpriced then 1 else 0 end), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM "spend_logs" GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO "usage_hourly" (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT '*', 'team', (floor(extract(epoch from start_time) / 3600) * 3600000)::bigint, coalesce(team_id, ''), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(case when unpriced then 1 else 0 end), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM "spend_logs" GROUP BY 1, 3, 4;
--> statement-breakpoint
INSERT INTO "usage_hourly" (team_id, dimension, hour, value, requests, failures, unpriced, spend, input_tokens, output_tokens) SELECT '*', 'model', (floor(extract(epoch from start_time) / 3600) * 3600000)::bigint, coalesce(model_group, model), count(*), sum(case when status = 'failure' then 1 else 0 end), sum(case when unpriced then 1 else 0 end), sum(spend), sum(prompt_tokens), sum(completion_tokens) FROM "spend_logs" GROUP BY 1, 3, 4;
