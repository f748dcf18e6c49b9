import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const credentials = pgTable("credentials", {
  credentialName: text("credential_name").primaryKey(),
  sealedValues: text("sealed_values").notNull(),
  valueHints: jsonb("value_hints").$type<Record<string, string>>().notNull().default({}),
  credentialInfo: jsonb("credential_info").$type<Record<string, unknown>>().notNull().default({}),
  createdBy: text("created_by").notNull(),
  createdAt: instant("created_at").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: instant("updated_at").notNull(),
});
