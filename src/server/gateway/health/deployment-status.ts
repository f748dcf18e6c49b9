import type { GatewayContext } from "../context";
import type { DeploymentStatsView } from "../routing/deployment-stats";
import type { HealthCheckResult } from "./check-deployment";

/** What the instance serving traffic knows of one deployment right now. */
export interface DeploymentLiveStatus {
  inFlight: number;
  /** The router's cooldown, when the deployment is cooling down. */
  cooldown: { until: string; remainingMs: number; reason: "rate_limited" | "failing" } | null;
  stats: DeploymentStatsView;
  /** The latest health check (GET /health, background checks or a Test), if any. */
  lastCheck: HealthCheckResult | null;
}

export type DeploymentStatusSnapshot = Record<string, DeploymentLiveStatus>;

/**
 * Every deployment's live status as this gateway sees it. Only the main thread's gateway serves
 * traffic and runs background checks, so the dashboard's thread asks it for this (see
 * dashboard-worker.ts) rather than reading its own, idle router.
 */
export function deploymentStatusOf(ctx: Pick<GatewayContext, "router" | "health" | "now">): DeploymentStatusSnapshot {
  const now = ctx.now();
  const snapshot: DeploymentStatusSnapshot = {};
  for (const group of ctx.router.modelGroups()) {
    for (const deployment of ctx.router.deploymentsOf(group)) {
      const health = ctx.router.healthOf(deployment.id);
      const coolingDown = health?.isCoolingDown(now) ?? false;
      snapshot[deployment.id] = {
        inFlight: health?.inFlight ?? 0,
        cooldown: coolingDown && health ? { until: new Date(health.cooldownUntil).toISOString(), remainingMs: health.cooldownUntil - now, reason: health.cooldownReason ?? "failing" } : null,
        stats: ctx.router.stats.view(deployment.id, now),
        lastCheck: ctx.health.resultOf(deployment.id) ?? null,
      };
    }
  }
  return snapshot;
}
