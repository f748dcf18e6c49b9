import { bigint, doublePrecision, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** The PostgreSQL twin of schema/usage-hourly.ts (which says why); counts are bigint, since instance-wide hours add up. */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    teamId: text("team_id").notNull(),
    dimension: text("dimension", { enum: ["model", "key", "user", "tag", "team"] }).notNull(),
    /** Start of the UTC hour (of the UTC day for keys and users), epoch milliseconds. */
    hour: bigint("hour", { mode: "number" }).notNull(),
    value: text("value").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull().default(0),
    failures: bigint("failures", { mode: "number" }).notNull().default(0),
    unpriced: bigint("unpriced", { mode: "number" }).notNull().default(0),
    spend: doublePrecision("spend").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cachedTokens: bigint("cached_tokens", { mode: "number" }).notNull().default(0),
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
    reasoningTokens: bigint("reasoning_tokens", { mode: "number" }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.dimension, table.hour, table.value] })],
);
