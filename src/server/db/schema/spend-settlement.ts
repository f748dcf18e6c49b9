import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * SQLite only, one row: the last spend_logs rowid whose spend the keys' and teams' running
 * totals include. Rows are written every second, totals every few seconds from the rows after
 * this mark, in the same transaction that moves it; so totals never miss or repeat a row, even
 * after a crash between the two. (PostgreSQL writes totals with every batch: other instances
 * read them at once.)
 */
export const spendSettlement = sqliteTable("spend_settlement", {
  id: integer("id").primaryKey(),
  settledThrough: integer("settled_through").notNull(),
});
