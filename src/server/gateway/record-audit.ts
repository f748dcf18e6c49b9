import type { GatewayContext } from "./context";

export interface AuditEntry {
  actor: string;
  teamId: string | null;
  action: string;
  targetType: "key" | "team" | "rule" | "cost_map" | "credential";
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Awaited by the change it records: an audited change whose row cannot be written reports the failure. */
export async function audit(gateway: GatewayContext, entry: AuditEntry): Promise<void> {
  await gateway.database.db.insert(gateway.database.tables.auditLog).values({ ...entry, details: entry.details ?? null, at: new Date(gateway.now()) });
}
