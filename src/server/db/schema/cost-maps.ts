import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every cost map ever loaded: previews waiting for a decision, and versions that were applied.
 * The content is kept whole so any version can be rolled back to, on any instance.
 */
export const costMapVersions = sqliteTable(
  "cost_map_versions",
  {
    versionId: integer("version_id").primaryKey({ autoIncrement: true }),
    status: text("status", { enum: ["preview", "applied", "discarded"] }).notNull(),
    source: text("source").notNull(),
    contentHash: text("content_hash").notNull(),
    modelCount: integer("model_count").notNull(),
    content: text("content").notNull(),
    /** The diff against the version that was active at preview time, as shown to the admin. */
    diff: text("diff", { mode: "json" }).$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    appliedAt: integer("applied_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("cost_map_versions_status").on(table.status)],
);

/** One row: which version is active, and the reload schedule. Switching is one UPDATE. */
export const costMapState = sqliteTable("cost_map_state", {
  id: integer("id").primaryKey(),
  activeVersionId: integer("active_version_id").notNull(),
  changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
  reloadIntervalHours: integer("reload_interval_hours"),
  nextReloadAt: integer("next_reload_at", { mode: "timestamp_ms" }),
  lastReloadAt: integer("last_reload_at", { mode: "timestamp_ms" }),
  lastReloadError: text("last_reload_error"),
});

export type CostMapVersionRow = typeof costMapVersions.$inferSelect;
export type CostMapStateRow = typeof costMapState.$inferSelect;
