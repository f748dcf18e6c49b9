import { auditLog } from "../db/schema";
import type { GatewayContext } from "../gateway/context";

export interface AuditEntry {
  actor: string;
  teamId: string | null;
  action: string;
  targetType: "key" | "team" | "rule" | "cost_map";
  targetId: string | null;
  details?: Record<string, unknown>;
}

export function audit(gateway: GatewayContext, entry: AuditEntry): void {
  gateway.database.db
    .insert(auditLog)
    .values({ ...entry, details: entry.details ?? null, at: new Date(gateway.now()) })
    .run();
}
