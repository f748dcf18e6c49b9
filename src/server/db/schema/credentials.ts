import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Provider credentials added at run time (LiteLLM's `LiteLLM_CredentialsTable`). The values are
 * sealed with SWITCHYARD_SALT_KEY (AES-256-GCM); only masked hints are kept in the clear, so
 * listing never decrypts.
 */
export const credentials = sqliteTable("credentials", {
  credentialName: text("credential_name").primaryKey(),
  sealedValues: text("sealed_values").notNull(),
  valueHints: text("value_hints", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  credentialInfo: text("credential_info", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type CredentialRow = typeof credentials.$inferSelect;
