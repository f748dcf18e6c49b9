import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    subject: text("subject").notNull(),
    second: bigint("second", { mode: "number" }).notNull(),
    requests: integer("requests").notNull().default(0),
    tokens: bigint("tokens", { mode: "number" }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.subject, table.second] })],
);
