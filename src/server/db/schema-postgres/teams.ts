import { boolean, doublePrecision, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const teams = pgTable("teams", {
  teamId: text("team_id").primaryKey(),
  teamAlias: text("team_alias"),
  models: jsonb("models").$type<string[]>().notNull().default([]),
  maxBudget: doublePrecision("max_budget"),
  budgetDuration: text("budget_duration"),
  budgetResetAt: instant("budget_reset_at"),
  spend: doublePrecision("spend").notNull().default(0),
  rpmLimit: integer("rpm_limit"),
  tpmLimit: integer("tpm_limit"),
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  blocked: boolean("blocked").notNull().default(false),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});
