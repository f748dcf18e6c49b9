import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Spend rows added up per UTC hour, kept by the spend writer in the transaction that writes the
 * rows, so the Usage page reads a few thousand of these instead of millions of spend rows. One
 * row per (team, dimension, hour, value): dimension `model`, `key`, `user` or `tag` within a team;
 * team `*` holds the instance-wide `team`, `model` and `tag` series. Hours, not days, so a
 * report can start its days in any whole-hour time zone; but keys and users, which are many, per
 * UTC day (see roll-up-usage.ts).
 */
export const usageHourly = sqliteTable(
  "usage_hourly",
  {
    teamId: text("team_id").notNull(),
    dimension: text("dimension", { enum: ["model", "key", "user", "tag", "team"] }).notNull(),
    /** Start of the UTC hour (of the UTC day for keys and users), epoch milliseconds. */
    hour: integer("hour").notNull(),
    value: text("value").notNull(),
    requests: integer("requests").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    unpriced: integer("unpriced").notNull().default(0),
    spend: real("spend").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    cachedTokens: integer("cached_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.dimension, table.hour, table.value] })],
);

export type UsageHourlyRow = typeof usageHourly.$inferSelect;
