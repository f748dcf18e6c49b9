import { boolean, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const modelDeployments = pgTable("model_deployments", {
  id: text("id").primaryKey(),
  modelName: text("model_name").notNull(),
  publicParams: jsonb("public_params").$type<Record<string, unknown>>().notNull(),
  sealedSecrets: text("sealed_secrets"),
  secretHints: jsonb("secret_hints").$type<Record<string, string>>().notNull().default({}),
  modelInfo: jsonb("model_info").$type<Record<string, unknown>>().notNull().default({}),
  disabled: boolean("disabled").notNull().default(false),
  createdBy: text("created_by").notNull(),
  createdAt: instant("created_at").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: instant("updated_at").notNull(),
  revision: integer("revision").notNull().default(1),
});
