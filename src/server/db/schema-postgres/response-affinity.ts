import { index, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

export const responseAffinity = pgTable(
  "response_affinity",
  {
    ref: text("ref").primaryKey(),
    kind: text("kind", { enum: ["response", "item", "encrypted_content", "thinking_signature"] }).notNull(),
    deploymentId: text("deployment_id").notNull(),
    credentialHash: text("credential_hash").notNull(),
    modelGroup: text("model_group").notNull(),
    keyToken: text("key_token"),
    teamId: text("team_id"),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (table) => [index("response_affinity_expires").on(table.expiresAt)],
);
