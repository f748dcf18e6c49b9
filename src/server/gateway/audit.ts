import type { AppDatabase, Tables } from "../db";
import type { GatewayContext } from "./context";

export interface AuditEntry {
  actor: string;
  teamId: string | null;
  action: string;
  targetType: "key" | "team" | "rule" | "cost_map" | "credential" | "deployment" | "user";
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Writes one row through `tx`, so a change made in the same transaction lands with its row or not at all. */
export async function writeAudit(tx: AppDatabase, tables: Tables, at: Date, entry: AuditEntry): Promise<void> {
  await tx.insert(tables.auditLog).values({ ...entry, details: entry.details ?? null, at });
}

/** Awaited by the change it records: an audited change whose row cannot be written reports the failure. */
export async function audit(gateway: GatewayContext, entry: AuditEntry): Promise<void> {
  await writeAudit(gateway.database.db, gateway.database.tables, new Date(gateway.now()), entry);
}
