import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Requests and tokens per key or team per second, for rpm/tpm limits shared through the database
 * when several instances run without Redis (PostgreSQL). One instance on SQLite counts in memory.
 */
export const rateLimitCounters = sqliteTable(
  "rate_limit_counters",
  {
    subject: text("subject").notNull(),
    /** Unix time in whole seconds. */
    second: integer("second").notNull(),
    requests: integer("requests").notNull().default(0),
    tokens: integer("tokens").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.subject, table.second] })],
);
