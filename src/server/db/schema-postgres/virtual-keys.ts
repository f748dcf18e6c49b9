import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const virtualKeys = pgTable(
  "virtual_keys",
  {
    token: text("token").primaryKey(),
    keyName: text("key_name").notNull(),
    keyAlias: text("key_alias"),
    teamId: text("team_id"),
    userId: text("user_id"),
    role: text("role", { enum: ["user", "admin"] })
      .notNull()
      .default("user"),
    models: jsonb("models").$type<string[]>().notNull().default([]),
    maxBudget: doublePrecision("max_budget"),
    budgetDuration: text("budget_duration"),
    budgetResetAt: instant("budget_reset_at"),
    spend: doublePrecision("spend").notNull().default(0),
    rpmLimit: integer("rpm_limit"),
    tpmLimit: integer("tpm_limit"),
    expires: instant("expires"),
    blocked: boolean("blocked").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    lastUsedAt: instant("last_used_at"),
  },
  (table) => [index("virtual_keys_team_id").on(table.teamId), uniqueIndex("virtual_keys_key_alias_unique").on(table.keyAlias)],
);
