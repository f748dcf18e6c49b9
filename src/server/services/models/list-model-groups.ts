import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../../gateway/context";
import { apiHostOf } from "../../gateway/health/api-host";
import type { DeploymentHealth } from "../../gateway/routing/deployment-health";

export { apiHostOf } from "../../gateway/health/api-host";

function liveHealth(health: DeploymentHealth | undefined, now: number) {
  const coolingDown = health?.isCoolingDown(now) ?? false;
  return {
    inFlight: health?.inFlight ?? 0,
    requestsLastMinute: health?.requests.total(now) ?? 0,
    failuresLastMinute: health?.failures.total(now) ?? 0,
    cooldown: coolingDown && health ? { until: new Date(health.cooldownUntil).toISOString(), remainingMs: health.cooldownUntil - now, reason: health.cooldownReason ?? "failing" } : null,
  };
}

function deploymentView(deployment: Deployment, health: DeploymentHealth | undefined, now: number) {
  return {
    id: deployment.id,
    provider: deployment.providerPrefix,
    upstreamModel: deployment.upstreamModel,
    apiHost: apiHostOf(deployment.apiBase),
    mode: deployment.mode,
    rpm: deployment.rpm ?? null,
    tpm: deployment.tpm ?? null,
    health: liveHealth(health, now),
  };
}

/** Model groups and their deployments with the router's live view of each. Never a key or a full URL. */
export function listModelGroups(gateway: GatewayContext) {
  const now = gateway.now();
  const { router } = gateway;
  const settings = gateway.config.router;
  return {
    now: new Date(now).toISOString(),
    policy: { strategy: settings.routingStrategy, allowedFails: settings.allowedFails, cooldownSeconds: settings.cooldownSeconds },
    groups: router.modelGroups().map((group) => ({
      group,
      deployments: router.deploymentsOf(group).map((deployment) => deploymentView(deployment, router.healthOf(deployment.id), now)),
    })),
  };
}
