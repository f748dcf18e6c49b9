import type { Deployment } from "../../config/types";
import { deploymentForModel, prefixOfCostMapProvider, substituteWildcards } from "../../config/wildcard-route";
import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { checkBudget } from "../limits/check-budget";
import { resetDueBudgets } from "../limits/reset-due-budgets";
import { UpstreamError } from "../providers/upstream-error";
import type { Operation } from "../providers/types";
import type { RouteTarget } from "../routing/model-routes";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import type { RelayOptions } from "../stream/relay-stream";
import { StreamContents } from "../observability/stream-contents";

/** With callbacks that log message contents, what gathers a streamed answer's text (else undefined: nothing parsed). */
export function streamContentsFor(ctx: GatewayContext, operation: Operation): StreamContents | undefined {
  return ctx.observers.active && ctx.config.observability?.logMessages ? new StreamContents(operation) : undefined;
}

// The steps every proxied request takes, whichever door it came by: the OpenAI operations
// (proxy-operation.ts) and Anthropic's Messages API (messages/handle-messages.ts).

/**
 * Whether the key may use the model and still has budget and rpm: where the model goes, or a
 * GatewayError. `record.principal` becomes the key as it is now (a budget due for reset, reset).
 */
export async function admitRequest(ctx: GatewayContext, record: RequestRecord): Promise<RouteTarget> {
  const target = authorizeModel(record.principal, record.model, ctx.catalog, (name, provider) => ctx.routes.resolve(name, provider));
  const current = await resetDueBudgets(record.principal, ctx.keys, record.startTime);
  record.principal = current;
  checkBudget(current, ctx.spend);
  await ctx.limits.admit(current, record.startTime);
  return target;
}

/** A request refused or failed before any answer: its spend row says so, with the status the client gets. */
export function recordRefusal(ctx: GatewayContext, record: RequestRecord, error: unknown): void {
  const status = error instanceof UpstreamError || error instanceof GatewayError ? error.status : 500;
  recordRequest(ctx, record, { status: "failure", statusCode: status, errorMessage: (error as Error).message, errorType: errorTypeOf(error) });
}

/** OpenTelemetry's error.type: the gateway's code, the provider's error code or type, else its class. */
function errorTypeOf(error: unknown): string {
  if (error instanceof GatewayError) return error.code;
  if (error instanceof UpstreamError) return error.body.error.code ?? error.body.error.type;
  return error instanceof Error ? error.name : "_OTHER";
}

/**
 * A wildcard deployment (`anthropic/*`, `*`) serves the concrete model the request named, with
 * LiteLLM's substitution: the pattern's segments into the model's `*`s, and the provider the
 * resulting name has (its prefix, else the active cost map's `litellm_provider` for it).
 */
export function forTarget(ctx: GatewayContext, deployment: Deployment, target: RouteTarget): Deployment {
  const segments = target.wildcardSegments;
  if (segments === undefined) return deployment;
  const route = deployment.wildcardRoute;
  if (!route) return deployment;
  const model = substituteWildcards(route.model, segments, target.matchedName ?? segments.join(""));
  const { map } = ctx.costMaps.active.current();
  const resolved = deploymentForModel(deployment, route, model, (name) => {
    const provider = map.price(name)?.provider;
    return provider === undefined ? undefined : prefixOfCostMapProvider(provider);
  });
  if (!resolved.ok) throw new GatewayError("invalid_request", resolved.problem, { param: "model" });
  return resolved.deployment;
}

/** Which request this was and which deployment answered it (plus any headers of the route plan's): one object, built once. */
export function answerHeaders(record: RequestRecord, deployment: Deployment, contentType: string, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { "content-type": contentType, "x-switchyard-request-id": record.requestId, "x-switchyard-deployment-id": deployment.id };
  return extra ? Object.assign(headers, extra) : headers;
}

export const streamContentType = "text/event-stream; charset=utf-8";

/** What a streamed answer adds to answerHeaders. */
export const streamHeaders = { "cache-control": "no-cache", connection: "keep-alive" } as const;

/** Records a relayed stream once it has ended: a success only if the upstream finished it. */
export function recordStreamEnd(
  ctx: GatewayContext,
  record: RequestRecord,
  deployment: Deployment,
  upstreamStatus: number,
  end: Parameters<RelayOptions["onEnd"]>[0],
  contents?: StreamContents,
): void {
  const { usage, completed, error } = end;
  recordRequest(ctx, record, {
    answer: contents?.answer(),
    deployment,
    usage,
    status: completed ? "success" : "failure",
    statusCode: completed ? upstreamStatus : 502,
    errorMessage: completed ? undefined : error ? "upstream stream broke off" : "client closed the stream",
    errorType: completed ? undefined : error ? "upstream_stream_error" : "client_closed",
  });
}
