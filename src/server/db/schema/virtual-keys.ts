import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Virtual keys: only the SHA-256 of the key is stored (`token`, as LiteLLM names it). An alias names
 * one key at most (the unique index decides between two writers at once); keys without one are many.
 */
export const virtualKeys = sqliteTable(
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
    models: text("models", { mode: "json" }).$type<string[]>().notNull().default([]),
    maxBudget: real("max_budget"),
    budgetDuration: text("budget_duration"),
    budgetResetAt: integer("budget_reset_at", { mode: "timestamp_ms" }),
    spend: real("spend").notNull().default(0),
    rpmLimit: integer("rpm_limit"),
    tpmLimit: integer("tpm_limit"),
    expires: integer("expires", { mode: "timestamp_ms" }),
    blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("virtual_keys_team_id").on(table.teamId), uniqueIndex("virtual_keys_key_alias_unique").on(table.keyAlias)],
);

export type VirtualKeyRow = typeof virtualKeys.$inferSelect;
