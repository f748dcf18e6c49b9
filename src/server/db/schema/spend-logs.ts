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
  },
  // No index by key, as in LiteLLM's SpendLogs: with many keys each row would land on a page of
  // its own in it, and those scattered page writes cost 15-20% of throughput. A key's rows are
  // found through the time index (GET /spend/logs scans newest first); a key's total is kept on
  // the key itself.
  (table) => [index("spend_logs_team_start").on(table.teamId, table.startTime), index("spend_logs_start").on(table.startTime)],
);

export type SpendLogRow = typeof spendLogs.$inferSelect;
export type NewSpendLogRow = typeof spendLogs.$inferInsert;
