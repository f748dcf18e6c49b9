import { z } from "zod";
import type { GatewayContext } from "../../gateway/context";
import type { HealthCheckResult } from "../../gateway/health/check-deployment";
import { ServiceError } from "../service-error";

export const testDeploymentInputSchema = z.object({ deploymentId: z.string().min(1).max(256) });

/**
 * The Models page's Test: one small real request to one deployment through the provider code,
 * answering its latency or the provider's error minus secrets. Kept as the deployment's latest
 * check in this thread's gateway; the page shows it beside the button.
 */
export async function testDeployment({ gateway, input }: { gateway: GatewayContext; input: z.infer<typeof testDeploymentInputSchema> }): Promise<HealthCheckResult> {
  const deployment = gateway.router
    .modelGroups()
    .flatMap((group) => gateway.router.deploymentsOf(group))
    .find((candidate) => candidate.id === input.deploymentId);
  if (!deployment) throw new ServiceError("not_found", `No deployment ${input.deploymentId}`);
  return gateway.health.check(deployment);
}
