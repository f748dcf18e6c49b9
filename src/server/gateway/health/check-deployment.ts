import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError } from "../errors";
import { callUpstream } from "../handlers/call-upstream";
import type { JsonObject, Operation } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { RequestTiming } from "../timing";
import { apiHostOf } from "./api-host";
import { redactSecrets, secretsOf } from "./redact-secrets";

/** One deployment's last check: LiteLLM's endpoint fields (model, api_base host) and ours. */
export interface HealthCheckResult {
  deploymentId: string;
  modelGroup: string;
  /** `provider/model` as LiteLLM lists it. */
  model: string;
  apiHost: string | null;
  status: "healthy" | "unhealthy" | "skipped";
  /** Milliseconds to the provider's whole answer; null when skipped. */
  latencyMs: number | null;
  checkedAt: string;
  /** The upstream's HTTP status when it answered with an error. */
  upstreamStatus?: number;
  /** The provider's error, verbatim but for secrets; or why the deployment was not checked. */
  error?: string;
}

/** LiteLLM's HEALTH_CHECK_TIMEOUT_SECONDS is 60; a check should say "slow" long before that. */
export const defaultHealthCheckTimeoutMs = 30_000;

/** The smallest real request for the deployment's mode, or why there is none. */
function probeFor(deployment: Deployment): { operation: Operation; body: JsonObject } | { skip: string } {
  if (deployment.wildcardRoute) return { skip: "not checked: a wildcard deployment has no one model to ask" };
  const model = deployment.modelGroup;
  switch (deployment.mode) {
    case "chat":
    case "completion":
      return { operation: "chat", body: { model, messages: [{ role: "user", content: "ping" }], max_tokens: 1 } };
    case "responses":
      return { operation: "responses", body: { model, input: "ping", max_output_tokens: 16 } };
    case "embedding":
      return { operation: "embeddings", body: { model, input: ["ping"] } };
    default:
      return { skip: `not checked: mode "${deployment.mode}" has no health check` };
  }
}

/** The error as the provider said it (an upstream's status and message), else the gateway's reason, minus secrets. */
function describeFailure(error: unknown, secrets: readonly string[]): { upstreamStatus?: number; error: string } {
  if (error instanceof UpstreamError) {
    const message = error.body.error.message;
    return { upstreamStatus: error.status >= 100 ? error.status : undefined, error: redactSecrets(message, secrets) };
  }
  if (error instanceof GatewayError) return { error: redactSecrets(error.message, secrets) };
  return { error: "the check failed unexpectedly (see the gateway's log)" };
}

/**
 * One small real request to one deployment through the provider code requests take (stored
 * credentials, signing, translation), outside the router: a check neither waits for nor counts
 * toward a cooldown. Never throws.
 */
export async function checkDeployment(ctx: GatewayContext, deployment: Deployment, timeoutMs = defaultHealthCheckTimeoutMs): Promise<HealthCheckResult> {
  const base = {
    deploymentId: deployment.id,
    modelGroup: deployment.modelGroup,
    model: `${deployment.providerPrefix}/${deployment.upstreamModel}`,
    apiHost: apiHostOf(deployment.apiBase),
    checkedAt: new Date(ctx.now()).toISOString(),
  };
  const probe = probeFor(deployment);
  if ("skip" in probe) return { ...base, status: "skipped", latencyMs: null, error: probe.skip };
  const secrets = secretsOf(deployment);
  const started = performance.now();
  try {
    if (deployment.storedCredential) secrets.push(...secretsOf(await connectDeployment(ctx, deployment)));
    await callUpstream(ctx, deployment, probe.operation, probe.body, false, { signal: AbortSignal.timeout(timeoutMs), timing: new RequestTiming() });
    return { ...base, status: "healthy", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof UpstreamError) && !(error instanceof GatewayError)) ctx.log.error({ err: error, deploymentId: deployment.id }, "health check failed unexpectedly");
    return { ...base, status: "unhealthy", latencyMs: Math.round(performance.now() - started), ...describeFailure(error, secrets) };
  }
}
