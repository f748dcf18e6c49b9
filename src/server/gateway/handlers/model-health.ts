import type { GatewayContext } from "../context";
import type { HealthCheckResult } from "../health/check-deployment";
import { jsonResponse, type GatewayResponse, type GatewayRequest } from "../http";

/** An endpoint as LiteLLM lists it (`model`, `api_base` without secrets), with Switchyard's fields after. */
function endpointOf(result: HealthCheckResult) {
  return {
    model: result.model,
    api_base: result.apiHost,
    model_group: result.modelGroup,
    model_id: result.deploymentId,
    latency_ms: result.latencyMs,
    checked_at: result.checkedAt,
    ...(result.upstreamStatus === undefined ? {} : { status_code: result.upstreamStatus }),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}

/**
 * LiteLLM's `GET /health` (admin): each deployment checked with one small real request, or with
 * `general_settings.background_health_checks`, the latest background results without new calls.
 * `?model=` narrows it to one model group.
 */
export async function modelHealth(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  const model = request.query.get("model") ?? undefined;
  const results = ctx.config.healthChecks.background ? ctx.health.results(model) : await ctx.health.checkAll(model);
  const healthy = results.filter((result) => result.status === "healthy").map(endpointOf);
  const unhealthy = results.filter((result) => result.status === "unhealthy").map(endpointOf);
  const skipped = results.filter((result) => result.status === "skipped").map(endpointOf);
  return jsonResponse(200, {
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
    skipped_endpoints: skipped,
  });
}
