import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Which deployment (and, what really matters, which credentials) produced a Responses API object:
 * a response id, an output item id, or the fingerprint of an `encrypted_content` blob; or a
 * Messages API answer's signed thinking (the fingerprint of a signature or redacted data).
 */
export const responseAffinity = sqliteTable(
  "response_affinity",
  {
    /** `resp_...`, `rs_...`, `msg_...`, `fc_...`, `enc:<sha256>` for an encrypted blob, or `thk:<sha256>` for a thinking signature (Messages API). */
    ref: text("ref").primaryKey(),
    kind: text("kind", { enum: ["response", "item", "encrypted_content", "thinking_signature"] }).notNull(),
    deploymentId: text("deployment_id").notNull(),
    /** A hash of api_base + API key + organisation: the encryption boundary. Never the key itself. */
    credentialHash: text("credential_hash").notNull(),
    modelGroup: text("model_group").notNull(),
    keyToken: text("key_token"),
    teamId: text("team_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("response_affinity_expires").on(table.expiresAt)],
);

export type AffinityRow = typeof responseAffinity.$inferSelect;
