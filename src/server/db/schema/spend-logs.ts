import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One row per request, success or failure, in LiteLLM's spend-log vocabulary. */
export const spendLogs = sqliteTable(
  "spend_logs",
  {
    requestId: text("request_id").primaryKey(),
    apiKey: text("api_key"),
    teamId: text("team_id"),
    callType: text("call_type").notNull(),
    model: text("model").notNull(),
    modelGroup: text("model_group"),
    modelId: text("model_id"),
    provider: text("provider"),
    spend: real("spend").notNull().default(0),
    /** True when no price was known: the spend is unknown, not zero. */
    unpriced: integer("unpriced", { mode: "boolean" }).notNull().default(false),
    /** The cost-map version the spend was priced with. */
    costMapVersion: integer("cost_map_version"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    totalTokens: integer("total_tokens").notNull().default(0),
    startTime: integer("start_time", { mode: "timestamp_ms" }).notNull(),
    endTime: integer("end_time", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: ["success", "failure"] }).notNull(),
    statusCode: integer("status_code"),
    errorMessage: text("error_message"),
    /** The key's user, when it has one (the Usage page's "by user"). */
    userId: text("user_id"),
    /** Prompt tokens read from the provider's cache, and written to it; reasoning tokens (each included in the counts above). */
    cachedTokens: integer("cached_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    /** How the deployment was bound (x-switchyard-affinity), when it was. */
    affinity: text("affinity"),
    /** Fallback model groups tried before the one that answered (x-litellm-attempted-fallbacks). */
    attemptedFallbacks: integer("attempted_fallbacks").notNull().default(0),
    /** The request's tags as a JSON list (body, metadata or x-litellm-tags), when it had any. */
    tags: text("tags"),
  },
  // No index by key, as in LiteLLM's SpendLogs: with many keys each row would land on a page of
  // its own in it, and those scattered page writes cost 15-20% of throughput. A key's rows are
  // found through the time index (GET /spend/logs scans newest first); a key's total is kept on
  // the key itself.
  // The request id ends both indexes so the request logs page pages through them by (start time,
  // request id) without a sort or an OFFSET (keyset pagination).
  (table) => [index("spend_logs_team_start_id").on(table.teamId, table.startTime, table.requestId), index("spend_logs_start_id").on(table.startTime, table.requestId)],
);

export type SpendLogRow = typeof spendLogs.$inferSelect;
export type NewSpendLogRow = typeof spendLogs.$inferInsert;
