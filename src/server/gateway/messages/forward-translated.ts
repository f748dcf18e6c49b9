import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import type { GatewayRequest } from "../http";
import type { JsonObject, StreamTranslator } from "../providers/types";
import type { UpstreamAnswer } from "../handlers/call-upstream";

/**
 * What the Messages door relays: the upstream's answer, and, when the deployment does not speak
 * the Messages API, how to turn that answer into Anthropic's shape. Without `toMessages` the
 * answer already is Anthropic's and passes through untouched.
 */
export interface MessagesUpstream {
  upstream: UpstreamAnswer;
  toMessages?: {
    /** A whole answer (`upstream.json`) as an Anthropic message; its `usage` is what spend reads. */
    json(body: unknown): unknown;
    /** Per stream: the upstream's events in, Anthropic event payloads out (each JSON with its `type`; the relay names the SSE event by it). */
    stream(): StreamTranslator;
  };
}

/**
 * THE seam for deployments that are not Anthropic-format (openai, azure, OpenAI-compatible):
 * one Messages request to one such deployment. The Messages -> Chat Completions translation
 * (messages/translate-request.ts, translate-response.ts, translate-stream.ts) replaces this body:
 * translate `body` to a chat body, call `callUpstream(ctx, deployment, "chat", chatBody, streamed,
 * client)` and return its answer with `toMessages`. Throwing an UpstreamError lets the router try
 * another deployment; a GatewayError ends the request. Until then these deployments are refused
 * with a 400 that says so.
 */
export function forwardTranslated(
  _ctx: GatewayContext,
  deployment: Deployment,
  _body: JsonObject,
  _streamed: boolean,
  _client: Pick<GatewayRequest, "signal" | "timing">,
): Promise<MessagesUpstream> {
  return Promise.reject(
    new GatewayError("invalid_request", `model group ${deployment.modelGroup} is served by ${deployment.providerPrefix}; /v1/messages reaches only Anthropic deployments for now`, {
      param: "model",
    }),
  );
}
