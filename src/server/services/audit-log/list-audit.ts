import { desc, eq, isNull, type SQL } from "drizzle-orm";
import type { GatewayContext } from "../../gateway/context";

export interface AuditLogContext {
  gateway: GatewayContext;
  teamId: string;
}

/** Where a change came from; rows written before this was recorded say neither. */
function viaOf(details: Record<string, unknown> | null): "dashboard" | "api" | null {
  return details?.via === "dashboard" || details?.via === "api" ? details.via : null;
}

async function auditRows(gateway: GatewayContext, where: SQL, limit: number) {
  const { auditLog } = gateway.database.tables;
  const rows = await gateway.database.db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details ?? null,
  }));
}

/** The team's audit rows, newest first; rows of other teams and instance-wide rows never appear. */
export async function listAudit(ctx: AuditLogContext, input: { limit: number }) {
  return auditRows(ctx.gateway, eq(ctx.gateway.database.tables.auditLog.teamId, ctx.teamId), input.limit);
}

/**
 * Instance-wide rows (cost-map versions, stored credentials), newest first, with where each came
 * from. Only for instance admins: the router checks that.
 */
export async function listInstanceAudit(ctx: { gateway: GatewayContext }, input: { limit: number }) {
  const rows = await auditRows(ctx.gateway, isNull(ctx.gateway.database.tables.auditLog.teamId), input.limit);
  return rows.map((row) => ({ ...row, via: viaOf(row.details) }));
}
