import { index, integer, jsonb, pgTable, serial, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const costMapVersions = pgTable(
  "cost_map_versions",
  {
    versionId: serial("version_id").primaryKey(),
    status: text("status", { enum: ["preview", "applied", "discarded"] }).notNull(),
    source: text("source").notNull(),
    contentHash: text("content_hash").notNull(),
    modelCount: integer("model_count").notNull(),
    content: text("content").notNull(),
    diff: jsonb("diff").$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    appliedAt: instant("applied_at"),
  },
  (table) => [index("cost_map_versions_status").on(table.status)],
);

export const costMapState = pgTable("cost_map_state", {
  id: integer("id").primaryKey(),
  activeVersionId: integer("active_version_id").notNull(),
  changedAt: instant("changed_at").notNull(),
  reloadIntervalHours: integer("reload_interval_hours"),
  nextReloadAt: instant("next_reload_at"),
  lastReloadAt: instant("last_reload_at"),
  lastReloadError: text("last_reload_error"),
});
