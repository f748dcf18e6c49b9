import type { Deployment } from "../../../config/types";
import { GatewayError } from "../../errors";
import type { SseEvent } from "../../stream/sse";
import { toAnthropicRequest, toChatCompletion } from "../anthropic";
import { createChatStreamTranslator } from "../anthropic-stream";
import type { JsonObject, Operation, Provider, StreamTranslator, UpstreamRequest } from "../types";
import { assumedConnection } from "./assume-role";
import { servesMessagesOnBedrock } from "./messages-door";
import { bedrockAnthropicStreamError, bedrockError, bedrockStreamError } from "./bedrock-errors";
import { toConverseRequest } from "./converse-request";
import { converseToChatCompletion } from "./converse-response";
import { createConverseStreamTranslator } from "./converse-stream";
import { EventStreamDecoder } from "./event-stream-decoder";
import { bedrockRouteOf, isAnthropicModel, type BedrockModelRoute } from "./model-route";
import { signBedrockRequest } from "./sign-request";
import { isTitanTextEmbedding, titanToEmbeddings, toTitanRequest } from "./titan-embeddings";

/** The version InvokeModel's Anthropic body names instead of the `anthropic-version` header. */
export const bedrockAnthropicVersion = "bedrock-2023-05-31";

function modelUrl(deployment: Deployment, route: BedrockModelRoute, action: string): string {
  return `${deployment.apiBase}/model/${encodeURIComponent(route.modelId)}/${action}`;
}

function headers(streamed: boolean): Record<string, string> {
  return { "content-type": "application/json", accept: streamed ? "application/vnd.amazon.eventstream" : "application/json" };
}

function anthropicRoute(deployment: Deployment, what: string): BedrockModelRoute {
  const route = bedrockRouteOf(deployment.upstreamModel);
  if (!isAnthropicModel(route.modelId)) {
    throw new GatewayError("unsupported_operation", `${what} reaches Anthropic's models on Bedrock only, not ${route.modelId}`, { param: "model" });
  }
  return route;
}

/** InvokeModel's Anthropic body: the Messages API's, with the version in the body and the model and `stream` in the URL instead. */
function invokeBody(body: JsonObject): string {
  const { model: _model, stream: _stream, ...rest } = body;
  return JSON.stringify({ anthropic_version: bedrockAnthropicVersion, ...rest });
}

/** Anthropic's events from InvokeModel's stream as they are, for the Messages door; an exception as Anthropic's error event. */
class AnthropicPassthrough implements StreamTranslator {
  translate(event: SseEvent): string[] {
    return event.event === "exception" ? [bedrockAnthropicStreamError(JSON.parse(event.data))] : event.data === "" ? [] : [event.data];
  }
}

/** Anthropic's stream translated to chat, with Bedrock's in-stream exceptions as OpenAI error payloads. */
function invokeChatTranslator(): StreamTranslator {
  const chat = createChatStreamTranslator();
  let failed = false;
  return {
    translate: (event) => {
      if (failed) return [];
      if (event.event !== "exception") return chat.translate(event);
      failed = true;
      return [JSON.stringify(bedrockStreamError(JSON.parse(event.data))), "[DONE]"];
    },
    end: () => (failed ? [] : (chat.end?.() ?? [])),
    recordedUsage: () => chat.recordedUsage?.(),
  };
}

/**
 * AWS Bedrock: chat through the Converse API (any model) or, for `invoke/` Anthropic models,
 * InvokeModel with Anthropic's body; Anthropic's Messages API passes through InvokeModel. Every
 * request is SigV4-signed; streams are AWS event streams, decoded before translation.
 */
export const bedrockProvider: Provider = {
  supports: (operation) => operation === "chat" || operation === "messages" || operation === "embeddings",

  buildRequest(operation: Operation, deployment: Deployment, body: JsonObject): UpstreamRequest {
    const streamed = body.stream === true;
    if (operation === "messages") {
      const route = anthropicRoute(deployment, "The Messages API");
      return { url: modelUrl(deployment, route, streamed ? "invoke-with-response-stream" : "invoke"), method: "POST", headers: headers(streamed), body: invokeBody(body) };
    }
    if (operation === "embeddings") {
      const route = bedrockRouteOf(deployment.upstreamModel);
      if (!isTitanTextEmbedding(route.modelId)) {
        throw new GatewayError("unsupported_operation", `Bedrock embeddings are served for Amazon Titan text models, not ${route.modelId}`, { param: "model" });
      }
      return { url: modelUrl(deployment, route, "invoke"), method: "POST", headers: headers(false), body: JSON.stringify(toTitanRequest(body)) };
    }
    if (operation !== "chat") throw new GatewayError("unsupported_operation", `Bedrock deployments serve chat completions, embeddings and messages, not ${operation}.`);
    const route = bedrockRouteOf(deployment.upstreamModel);
    if (route.api === "invoke") {
      anthropicRoute(deployment, "bedrock/invoke/");
      const url = modelUrl(deployment, route, streamed ? "invoke-with-response-stream" : "invoke");
      return { url, method: "POST", headers: headers(streamed), body: invokeBody(toAnthropicRequest(route.modelId, body, deployment.dropParams)) };
    }
    const url = modelUrl(deployment, route, streamed ? "converse-stream" : "converse");
    return { url, method: "POST", headers: headers(streamed), body: JSON.stringify(toConverseRequest(body)) };
  },

  async authorize(request, deployment, services) {
    const { aws } = deployment;
    return signBedrockRequest(request, aws?.role ? await assumedConnection({ ...aws, role: aws.role }, services) : aws);
  },

  translateResponse(operation, body, request, deployment) {
    if (!deployment) return body;
    const route = bedrockRouteOf(deployment.upstreamModel);
    if (operation === "embeddings") return titanToEmbeddings(body, route.modelId, request);
    if (operation !== "chat") return body;
    return route.api === "invoke" ? toChatCompletion(body) : converseToChatCompletion(body, route.modelId);
  },

  createStreamTranslator(operation, deployment) {
    if (operation === "messages") return new AnthropicPassthrough();
    if (!deployment) return undefined;
    const route = bedrockRouteOf(deployment.upstreamModel);
    return route.api === "invoke" ? invokeChatTranslator() : createConverseStreamTranslator(route.modelId);
  },

  createStreamDecoder: () => new EventStreamDecoder(),

  translateError: (status, body, responseHeaders) => bedrockError(status, body, responseHeaders),

  // Only Anthropic's models take the Messages API (through InvokeModel); the others get it translated to chat.
  forDeployment: (deployment) => (servesMessagesOnBedrock(deployment) ? bedrockProvider : bedrockWithoutMessages),
};

const bedrockWithoutMessages: Provider = {
  ...bedrockProvider,
  supports: (operation) => operation === "chat" || operation === "embeddings",
  forDeployment: undefined,
};
