import { loggedTags } from "../routing/tag-filter";
import type { Deployment } from "../../config/types";
import { newRequestId } from "../spend/request-id";
import type { GatewayContext } from "../context";
import { readUsage } from "../pricing/usage";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import type { Operation } from "../providers/types";
import { checkAnswer, checkRequest, checkStreamedAnswer, checksAnswers, type Guardrail } from "../guardrails/guardrails";
import { holdForChecks } from "../guardrails/hold-for-checks";
import { readJsonRequest } from "../read-json-body";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import { relayStream } from "../stream/relay-stream";
import { withContents } from "../observability/stream-contents";
import { callUpstream } from "./call-upstream";
import { streamRecorder } from "./held-stream-record";
import { admitRequest, answerHeaders, forTarget, recordRefusal, streamContentType, streamContentsFor, streamHeaders } from "./proxy-steps";
import { streamLatency } from "./stream-latency";
import { loadBalanced, routeRequestOf, type PlanRoute, type RoutePlan } from "./route-plan";

/** An answer the output guardrails refused: its tokens were spent all the same, so its row says so. */
function refusedAnswer(ctx: GatewayContext, record: RequestRecord, deployment: Deployment, answered: unknown, error: unknown): never {
  const status = error instanceof GatewayError ? error.status : 500;
  recordRequest(ctx, record, {
    deployment,
    usage: readUsage((answered as { usage?: unknown } | null)?.usage),
    status: "failure",
    statusCode: status,
    errorMessage: (error as Error).message,
  });
  throw error;
}

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
  const record: RequestRecord = { requestId: newRequestId(), principal, operation, model, startTime: ctx.now(), body, streamed, tags: loggedTags(body, request.header("x-litellm-tags")) };

  let answer;
  let plan: RoutePlan;
  let active: readonly Guardrail[] = [];
  try {
    const target = await admitRequest(ctx, record);
    const named = ctx.guardrails.forRequest(operation, body, record.principal);
    active = named.active;
    const checked = await checkRequest(ctx.upstream, active, operation, named.body);
    const chosen = (plan = await planRoute(ctx, checked.body, target, record.principal, routeRequestOf(ctx, request, text, streamed)));
    record.body = chosen.body;
    record.routeHeaders = chosen.headers;
    // A plan that rewrote the body (affinity) sends its own; the client's text says only what `body` does.
    const sourceText = chosen.body === body ? text : undefined;
    answer = await chosen.run(async (lease) => ({
      lease,
      upstream: await callUpstream(ctx, forTarget(ctx, lease.deployment, target), operation, chosen.body, streamed, request, { sourceText }),
    }));
    // during_call checks ran beside the call: nothing of the answer goes out before they pass.
    if (checked.during) await holdForChecks(checked.during, answer.lease, answer.upstream);
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
    const translated =
      active.length > 0 ? await checkAnswer(ctx.upstream, active, operation, answered).catch((error: unknown) => refusedAnswer(ctx, record, deployment, answered, error)) : answered;
    await observer?.json?.(translated);
    const usage = readUsage((translated as { usage?: unknown } | null)?.usage);
    ctx.router.recordLatency(deployment.id, { startedAt: lease.startedAt, endedAt: ctx.now(), completionTokens: usage?.completionTokens });
    recordRequest(ctx, record, { deployment, usage, status: "success", statusCode: upstream.status, answer: translated });
    const text = translated !== upstream.json ? JSON.stringify(translated) : upstream.text;
    return { status: upstream.status, headers: answerHeaders(record, deployment, "application/json", plan.headers), body: text };
  }

  const contents = streamContentsFor(ctx, operation);
  const seePayload = withContents(observer?.payload, contents);
  const latency = ctx.router.latency && streamLatency(ctx, lease, seePayload);
  const recorder = streamRecorder(ctx, record, deployment, upstream.status, checksAnswers(active), contents);
  const stream = relayStream(upstream.response.body, {
    operation,
    translator: provider.createStreamTranslator?.(operation, deployment),
    decoder: provider.createStreamDecoder?.(operation, deployment),
    clientWantsUsage: wantsUsage(body),
    onPayload: latency ? latency.onPayload : seePayload,
    onEnd: (end) => {
      void observer?.end?.();
      lease.release();
      if (latency && end.completed) latency.end(end.usage?.completionTokens);
      recorder.onEnd(end);
    },
  });
  // post_call guardrails see the whole answer before the client sees any of it.
  const checked = checksAnswers(active) ? await recorder.hold(stream, operation, (text) => checkStreamedAnswer(ctx.upstream, active, text)) : stream;
  return {
    status: upstream.status,
    headers: Object.assign(answerHeaders(record, deployment, streamContentType, plan.headers), streamHeaders),
    body: checked,
  };
}
