import { desc, eq } from "drizzle-orm";
import type { GatewayContext } from "../../gateway/context";

export interface AuditLogContext {
  gateway: GatewayContext;
  teamId: string;
}

/** The team's audit rows, newest first; rows of other teams and instance-wide rows never appear. */
export async function listAudit(ctx: AuditLogContext, input: { limit: number }) {
  const { auditLog } = ctx.gateway.database.tables;
  const rows = await ctx.gateway.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.teamId, ctx.teamId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit);
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
