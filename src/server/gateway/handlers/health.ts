import type { GatewayContext } from "../context";
import { jsonResponse, type GatewayResponse } from "../http";

export function liveliness(): GatewayResponse {
  return jsonResponse(200, "I'm alive!");
}

/** How long a readiness probe waits for the database before calling it unreachable. */
const pingTimeoutMs = 2_000;

async function databaseStatus(ctx: GatewayContext): Promise<"connected" | "unreachable"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), pingTimeoutMs)));
  try {
    await Promise.race([ctx.database.ping(), timeout]);
    return "connected";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready when the database answers; load balancers take the instance out of rotation otherwise.
 * Redis is reported but does not make the instance unready: without it, limits fall back to
 * each instance's memory and caches to their expiry, and requests keep being served.
 */
export async function readiness(ctx: GatewayContext): Promise<GatewayResponse> {
  const db = await databaseStatus(ctx);
  return jsonResponse(db === "connected" ? 200 : 503, {
    status: db === "connected" ? "healthy" : "unhealthy",
    db,
    db_dialect: ctx.database.dialect,
    redis: ctx.fleet.redisStatus(),
    fleet: ctx.fleet.kind,
    model_groups: ctx.router.modelGroups().length,
    pending_spend_rows: ctx.spend.pendingRows,
    held_affinity_records: ctx.affinity.store.heldRecords,
    cost_map_version: ctx.costMaps.active.current().versionId,
    realtime_sideband: ctx.realtime.meter.stats,
  });
}
