import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../../gateway/context";
import { apiHostOf } from "../../gateway/health/api-host";
import type { DeploymentLiveStatus } from "../../gateway/health/deployment-status";
import { statsWindowMs } from "../../gateway/routing/deployment-stats";

export { apiHostOf } from "../../gateway/health/api-host";

const idle: DeploymentLiveStatus = {
  inFlight: 0,
  cooldown: null,
  stats: { windowSeconds: statsWindowMs / 1000, requests: 0, errors: 0, p50Ms: null, p95Ms: null },
  lastCheck: null,
};

function deploymentView(deployment: Deployment, live: DeploymentLiveStatus | undefined) {
  return {
    id: deployment.id,
    provider: deployment.providerPrefix,
    upstreamModel: deployment.upstreamModel,
    apiHost: apiHostOf(deployment.apiBase),
    mode: deployment.mode,
    rpm: deployment.rpm ?? null,
    tpm: deployment.tpm ?? null,
    health: live ?? idle,
  };
}

/**
 * Model groups and their deployments with the live view of the instance serving traffic
 * (router cooldowns, recent requests, errors and latency, the latest health check). Never a key
 * or a full URL: check errors were stripped of secrets when they were recorded.
 */
export async function listModelGroups(gateway: GatewayContext) {
  const now = gateway.now();
  const { router } = gateway;
  const settings = gateway.config.router;
  const status = await gateway.deploymentStatus();
  return {
    now: new Date(now).toISOString(),
    policy: { strategy: settings.routingStrategy, allowedFails: settings.allowedFails, cooldownSeconds: settings.cooldownSeconds },
    backgroundChecks: gateway.config.healthChecks.background ? { intervalSeconds: gateway.config.healthChecks.intervalSeconds } : null,
    groups: router.modelGroups().map((group) => ({
      group,
      deployments: router.deploymentsOf(group).map((deployment) => deploymentView(deployment, status[deployment.id])),
    })),
  };
}
