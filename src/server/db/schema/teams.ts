import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const teams = sqliteTable("teams", {
  teamId: text("team_id").primaryKey(),
  teamAlias: text("team_alias"),
  /** Allowed models; empty means every model. */
  models: text("models", { mode: "json" }).$type<string[]>().notNull().default([]),
  maxBudget: real("max_budget"),
  budgetDuration: text("budget_duration"),
  budgetResetAt: integer("budget_reset_at", { mode: "timestamp_ms" }),
  spend: real("spend").notNull().default(0),
  rpmLimit: integer("rpm_limit"),
  tpmLimit: integer("tpm_limit"),
  metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type TeamRow = typeof teams.$inferSelect;
