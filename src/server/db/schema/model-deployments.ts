import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Deployments added at run time (LiteLLM's `LiteLLM_ProxyModelTable`, `store_model_in_db`). The
 * secret `litellm_params` (api_key, AWS secrets, Vertex credentials, extra_headers) are sealed
 * with SWITCHYARD_SALT_KEY like stored credentials; the rest is kept in the clear with masked hints.
 */
export const modelDeployments = sqliteTable("model_deployments", {
  id: text("id").primaryKey(),
  modelName: text("model_name").notNull(),
  /** `litellm_params` without the secret ones. */
  publicParams: text("public_params", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  sealedSecrets: text("sealed_secrets"),
  secretHints: text("secret_hints", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  modelInfo: text("model_info", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  /** Bumped by every write: instances compare (id, revision) pairs to see what changed. */
  revision: integer("revision").notNull().default(1),
});

export type ModelDeploymentRow = typeof modelDeployments.$inferSelect;
