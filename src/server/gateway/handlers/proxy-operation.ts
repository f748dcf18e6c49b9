import { newRequestId } from "../spend/request-id";
import type { GatewayContext } from "../context";
import { readUsage } from "../pricing/usage";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import type { Operation } from "../providers/types";
import { guardAnswer, guardRequest, type Guardrail } from "../guardrails/guardrails";
import { readJsonRequest } from "../read-json-body";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import { relayStream } from "../stream/relay-stream";
import { withContents } from "../observability/stream-contents";
import { callUpstream } from "./call-upstream";
import { admitRequest, answerHeaders, forTarget, recordRefusal, streamContentType, streamContentsFor, streamHeaders, recordStreamEnd } from "./proxy-steps";
import { loadBalanced, type PlanRoute, type RoutePlan } from "./route-plan";

function wantsUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return typeof options === "object" && options !== null && (options as Record<string, unknown>).include_usage === true;
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
  const streamed = operation !== "embeddings" && body.stream === true;
  const record: RequestRecord = { requestId: newRequestId(), principal, operation, model, startTime: ctx.now(), body, streamed };

  let answer;
  let plan: RoutePlan;
  let active: readonly Guardrail[] = [];
  try {
    const target = await admitRequest(ctx, record);
    const named = ctx.guardrails.forRequest(operation, body);
    active = named.active;
    const chosen = (plan = await planRoute(ctx, guardRequest(active, operation, named.body), target, record.principal));
    record.body = chosen.body;
    record.routeHeaders = chosen.headers;
    // A plan that rewrote the body (affinity) sends its own; the client's text says only what `body` does.
    const sourceText = chosen.body === body ? text : undefined;
    answer = await chosen.run(async (lease) => ({
      lease,
      upstream: await callUpstream(ctx, forTarget(lease.deployment, target), operation, chosen.body, streamed, request, { sourceText }),
    }));
  } catch (error) {
    recordRefusal(ctx, record, error);
    throw error;
  }

  const { lease, upstream } = answer;
  const { deployment, provider } = upstream;
  const observer = plan.observe?.(deployment);

  if (!upstream.streamed) {
    lease.release();
    const answered = provider.translateResponse ? provider.translateResponse(operation, upstream.json, plan.body, deployment) : upstream.json;
    const translated = active.length > 0 ? guardAnswer(active, operation, answered) : answered;
    await observer?.json?.(translated);
    const usage = readUsage((translated as { usage?: unknown } | null)?.usage);
    recordRequest(ctx, record, { deployment, usage, status: "success", statusCode: upstream.status, answer: translated });
    const text = translated !== upstream.json ? JSON.stringify(translated) : upstream.text;
    return { status: upstream.status, headers: answerHeaders(record, deployment, "application/json", plan.headers), body: text };
  }

  const contents = streamContentsFor(ctx, operation);
  const stream = relayStream(upstream.response.body, {
    operation,
    translator: provider.createStreamTranslator?.(operation, deployment),
    decoder: provider.createStreamDecoder?.(operation, deployment),
    clientWantsUsage: wantsUsage(body),
    onPayload: withContents(observer?.payload, contents),
    onEnd: (end) => {
      void observer?.end?.();
      lease.release();
      recordStreamEnd(ctx, record, deployment, upstream.status, end, contents);
    },
  });
  return {
    status: upstream.status,
    headers: Object.assign(answerHeaders(record, deployment, streamContentType, plan.headers), streamHeaders),
    body: stream,
  };
}
