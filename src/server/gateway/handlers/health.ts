import type { GatewayContext } from "../context";
import { jsonResponse, type GatewayResponse } from "../http";

export function liveliness(): GatewayResponse {
  return jsonResponse(200, "I'm alive!");
}

/** Ready when the database answers; load balancers take the instance out of rotation otherwise. */
export function readiness(ctx: GatewayContext): GatewayResponse {
  let db: "connected" | "unreachable" = "connected";
  try {
    ctx.database.sqlite.prepare("select 1").get();
  } catch {
    db = "unreachable";
  }
  const status = db === "connected" ? "healthy" : "unhealthy";
  return jsonResponse(db === "connected" ? 200 : 503, {
    status,
    db,
    model_groups: ctx.router.modelGroups().length,
    pending_spend_rows: ctx.spend.pendingRows,
    realtime_sideband: ctx.realtime.meter.stats,
  });
}
