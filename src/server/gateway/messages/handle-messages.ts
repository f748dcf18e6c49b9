import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { planMessagesRoute } from "../affinity/plan-messages-route";
import { callUpstream } from "../handlers/call-upstream";
import { streamRecorder } from "../handlers/held-stream-record";
import { admitRequest, answerHeaders, forTarget, recordRefusal, streamContentType, streamContentsFor, streamHeaders } from "../handlers/proxy-steps";
import { routeRequestOf, type RoutePlan } from "../handlers/route-plan";
import { streamLatency } from "../handlers/stream-latency";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import { providerForDeployment } from "../providers";
import type { JsonObject } from "../providers/types";
import { checkAnswer, checkRequest, checkStreamedAnswer, checksAnswers, type Guardrail } from "../guardrails/guardrails";
import { holdForChecks } from "../guardrails/hold-for-checks";
import { GatewayError } from "../errors";
import { readJsonRequest } from "../read-json-body";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import { newRequestId } from "../spend/request-id";
import { relayStream } from "../stream/relay-stream";
import { withContents } from "../observability/stream-contents";
import { usageOfMessage } from "./anthropic-usage";
import { forwardTranslated, type MessagesUpstream } from "./forward-translated";
import { readMessagesRequest } from "./messages-types";
import { bedrockMessagesBody, servesMessagesOnBedrock } from "../providers/bedrock/messages-door";

/** What Anthropic's API assumes when a client names no version; sent so every deployment sees one. */
export const defaultAnthropicVersion = "2023-06-01";

/** The client's Anthropic headers an Anthropic deployment must see: the API version, and beta features asked for. */
export function forwardedHeaders(request: Pick<GatewayRequest, "header">): Record<string, string> {
  const headers: Record<string, string> = { "anthropic-version": request.header("anthropic-version") ?? defaultAnthropicVersion };
  const beta = request.header("anthropic-beta");
  if (beta !== undefined) headers["anthropic-beta"] = beta;
  return headers;
}

/**
 * One attempt on one deployment: Anthropic's own API (direct, on Vertex AI or Azure AI Foundry)
 * gets the request as it came, Anthropic's models on Bedrock get it through InvokeModel (the beta
 * header moved into the body); any other, translated.
 */
async function forward(ctx: GatewayContext, request: GatewayRequest, deployment: Deployment, body: JsonObject, text: string | undefined, streamed: boolean): Promise<MessagesUpstream> {
  if (servesMessagesOnBedrock(deployment)) {
    return { upstream: await callUpstream(ctx, deployment, "messages", bedrockMessagesBody(body, request.header("anthropic-beta")), streamed, request) };
  }
  // Bedrock's other models among them: they take the Messages API only translated (to Converse).
  if (!providerForDeployment(deployment).supports("messages")) return forwardTranslated(ctx, deployment, body, streamed, request);
  return { upstream: await callUpstream(ctx, deployment, "messages", body, streamed, request, { sourceText: text, headers: forwardedHeaders(request) }) };
}

/**
 * `POST /v1/messages`, Anthropic's Messages API, for its SDKs and Claude Code: the same key
 * checks, limits, routing with retries and spend as chat completions, with answers (and, via the
 * route's error shape, errors) in Anthropic's format. Nothing is retried once bytes have streamed.
 * A follow-up carrying signed thinking is pinned to the account that signed it (plan-messages-route.ts).
 */
export async function handleMessages(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const { body, text } = await readJsonRequest(request, ctx.maxBodyBytes);
  const { model, streamed } = readMessagesRequest(body);
  const record: RequestRecord = { requestId: newRequestId(), principal, operation: "messages", model, startTime: ctx.now(), body, streamed };

  let answer;
  let plan: RoutePlan;
  let active: readonly Guardrail[] = [];
  try {
    const target = await admitRequest(ctx, record);
    const named = ctx.guardrails.forRequest("messages", body, record.principal);
    active = named.active;
    const checked = await checkRequest(ctx.upstream, active, "messages", named.body);
    const chosen = (plan = await planMessagesRoute(ctx, checked.body, target, record.principal, routeRequestOf(ctx, request, text, streamed)));
    record.body = chosen.body;
    record.routeHeaders = chosen.headers;
    // A plan that rewrote the body (fallbacks taken out) sends its own; the client's text says only what `body` does.
    const sourceText = chosen.body === body ? text : undefined;
    answer = await chosen.run(async (lease) => ({ lease, ...(await forward(ctx, request, forTarget(ctx, lease.deployment, target), chosen.body, sourceText, streamed)) }));
    // during_call checks ran beside the call: nothing of the answer goes out before they pass.
    if (checked.during) await holdForChecks(checked.during, answer.lease, answer.upstream);
  } catch (error) {
    recordRefusal(ctx, record, error);
    throw error;
  }

  const { lease, upstream, toMessages } = answer;
  const { deployment } = upstream;
  const observer = plan.observe?.(deployment);
  if (!upstream.streamed) {
    lease.release();
    const answered = toMessages ? toMessages.json(upstream.json) : upstream.json;
    const usage = () => (toMessages ? toMessages.usage(upstream.json) : usageOfMessage(answered));
    let message = answered;
    if (active.length > 0) {
      try {
        message = await checkAnswer(ctx.upstream, active, "messages", answered);
      } catch (error) {
        // Refused by an output guardrail: its tokens were spent all the same.
        recordRequest(ctx, record, { deployment, usage: usage(), status: "failure", statusCode: error instanceof GatewayError ? error.status : 500, errorMessage: (error as Error).message });
        throw error;
      }
    }
    await observer?.json?.(message);
    const used = usage();
    ctx.router.recordLatency(deployment.id, { startedAt: lease.startedAt, endedAt: ctx.now(), completionTokens: used?.completionTokens });
    recordRequest(ctx, record, { deployment, usage: used, status: "success", statusCode: upstream.status, answer: message });
    return {
      status: upstream.status,
      headers: answerHeaders(record, deployment, "application/json", plan.headers),
      body: message !== upstream.json ? JSON.stringify(message) : upstream.text,
    };
  }

  // A binary-framed stream (Bedrock's) is decoded, and its events made Anthropic's SSE, by its provider.
  const { provider } = upstream;
  const decoder = provider.createStreamDecoder?.("messages", deployment);
  const contents = streamContentsFor(ctx, "messages");
  const seePayload = withContents(observer?.payload, contents);
  const latency = ctx.router.latency && streamLatency(ctx, lease, seePayload);
  const recorder = streamRecorder(ctx, record, deployment, upstream.status, checksAnswers(active), contents);
  const stream = relayStream(upstream.response.body, {
    operation: "messages",
    translator: toMessages ? toMessages.stream() : decoder && provider.createStreamTranslator?.("messages", deployment),
    decoder,
    clientWantsUsage: true,
    onPayload: latency ? latency.onPayload : seePayload,
    onEnd: (end) => {
      void observer?.end?.();
      lease.release();
      if (latency && end.completed) latency.end(end.usage?.completionTokens);
      recorder.onEnd(end);
    },
  });
  // post_call guardrails see the whole answer before the client sees any of it.
  const checked = checksAnswers(active) ? await recorder.hold(stream, "messages", (text) => checkStreamedAnswer(ctx.upstream, active, text)) : stream;
  return { status: upstream.status, headers: Object.assign(answerHeaders(record, deployment, streamContentType, plan.headers), streamHeaders), body: checked };
}
