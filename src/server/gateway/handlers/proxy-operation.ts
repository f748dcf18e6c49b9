import { newRequestId } from "../spend/request-id";
import type { Deployment } from "../../config/types";
import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { readUsage } from "../pricing/usage";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import { checkBudget } from "../limits/check-budget";
import { resetDueBudgets } from "../limits/reset-due-budgets";
import type { Operation } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { readJsonRequest } from "../read-json-body";
import type { RouteTarget } from "../routing/model-routes";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import { relayStream } from "../stream/relay-stream";
import { callUpstream } from "./call-upstream";
import { loadBalanced, type PlanRoute, type RoutePlan } from "./route-plan";

function wantsUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return typeof options === "object" && options !== null && (options as Record<string, unknown>).include_usage === true;
}

/** A wildcard deployment (`anthropic/*`) serves the concrete model the request named. */
function forTarget(deployment: Deployment, target: RouteTarget): Deployment {
  if (target.wildcardMatch === undefined) return deployment;
  return { ...deployment, upstreamModel: deployment.upstreamModel.replace("*", target.wildcardMatch) };
}

/** Which request this was and which deployment answered it, with the plan's own headers: one object, built once. */
function answerHeaders(plan: RoutePlan, record: RequestRecord, deployment: Deployment, contentType: string): Record<string, string> {
  const headers: Record<string, string> = { "content-type": contentType, "x-switchyard-request-id": record.requestId, "x-switchyard-deployment-id": deployment.id };
  return plan.headers ? Object.assign(headers, plan.headers) : headers;
}

/**
 * The request path shared by chat completions, responses and embeddings: check access, limits
 * and budget, route with retries, answer (streamed or whole), and record spend either way.
 */
export async function proxyOperation(
  ctx: GatewayContext,
  request: GatewayRequest,
  principal: Principal,
  operation: Operation,
  planRoute: PlanRoute = loadBalanced,
): Promise<GatewayResponse> {
  const { body, text } = await readJsonRequest(request, ctx.maxBodyBytes);
  const model = body.model;
  if (typeof model !== "string" || model.trim() === "") {
    throw new GatewayError("missing_model", "'model' is required and must be a non-empty string", { param: "model" });
  }
  // The gateway reads the answer as a stream or as JSON by this flag: a "true" or 1 that the provider takes as truthy would be misread.
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw new GatewayError("invalid_request", "'stream' must be true or false", { param: "stream" });
  }
  const record: RequestRecord = { requestId: newRequestId(), principal, operation, model, startTime: ctx.now() };
  const streamed = operation !== "embeddings" && body.stream === true;

  let answer;
  let plan: RoutePlan;
  try {
    const target = authorizeModel(principal, model, ctx.catalog, (name) => ctx.routes.resolve(name));
    const current = await resetDueBudgets(principal, ctx.keys, record.startTime);
    record.principal = current;
    checkBudget(current, ctx.spend);
    await ctx.limits.admit(current, record.startTime);
    const chosen = (plan = await planRoute(ctx, body, target, current));
    // A plan that rewrote the body (affinity) sends its own; the client's text says only what `body` does.
    const sourceText = chosen.body === body ? text : undefined;
    answer = await chosen.run(async (lease) => ({
      lease,
      upstream: await callUpstream(ctx, forTarget(lease.deployment, target), operation, chosen.body, streamed, request, sourceText),
    }));
  } catch (error) {
    const status = error instanceof UpstreamError || error instanceof GatewayError ? error.status : 500;
    recordRequest(ctx, record, { status: "failure", statusCode: status, errorMessage: (error as Error).message });
    throw error;
  }

  const { lease, upstream } = answer;
  const { deployment, provider } = upstream;
  const observer = plan.observe?.(deployment);

  if (!upstream.streamed) {
    lease.release();
    const translated = provider.translateResponse ? provider.translateResponse(operation, upstream.json) : upstream.json;
    await observer?.json?.(translated);
    const usage = readUsage((translated as { usage?: unknown } | null)?.usage);
    recordRequest(ctx, record, { deployment, usage, status: "success", statusCode: upstream.status });
    const text = provider.translateResponse ? JSON.stringify(translated) : upstream.text;
    return { status: upstream.status, headers: answerHeaders(plan, record, deployment, "application/json"), body: text };
  }

  const stream = relayStream(upstream.response.body, {
    operation,
    translator: provider.createStreamTranslator?.(operation),
    clientWantsUsage: wantsUsage(body),
    onPayload: observer?.payload,
    onEnd: ({ usage, completed, error }) => {
      void observer?.end?.();
      lease.release();
      recordRequest(ctx, record, {
        deployment,
        usage,
        status: completed ? "success" : "failure",
        statusCode: completed ? upstream.status : 502,
        errorMessage: completed ? undefined : error ? "upstream stream broke off" : "client closed the stream",
      });
    },
  });
  return {
    status: upstream.status,
    headers: Object.assign(answerHeaders(plan, record, deployment, "text/event-stream; charset=utf-8"), { "cache-control": "no-cache", connection: "keep-alive" }),
    body: stream,
  };
}
