import type { Deployment } from "../../../config/types";
import { GatewayError } from "../../errors";
import type { JsonObject, Operation, Provider, UpstreamRequest } from "../types";
import { toOpenAIError } from "./google-errors";
import { toGeminiRequest } from "./gemini-request";
import { toChatCompletion } from "./gemini-response";
import { createGeminiStreamTranslator } from "./gemini-stream";

export type GeminiMethod = "generateContent" | "streamGenerateContent" | "batchEmbedContents" | "predict";

/** How a Google surface embeds: its method, and OpenAI's embeddings body to and from its own. */
export interface GoogleEmbeddings {
  method: GeminiMethod;
  request(model: string, body: JsonObject): JsonObject;
  response(answer: unknown, request: JsonObject, model: string): JsonObject;
}

/**
 * Where a method is called. With an `api_base`, LiteLLM's rule: it is the URL up to and with the
 * model, and `:method` is appended to it; otherwise the provider's own URL for the model.
 */
export function methodUrl(apiBase: string, defaultModelUrl: () => string, method: string): string {
  const base = apiBase === "" ? defaultModelUrl() : apiBase;
  return `${base}:${method}${method === "streamGenerateContent" ? "?alt=sse" : ""}`;
}

/** A model name as one path segment: a wildcard deployment's is the client's, so nothing in it may climb the path. */
export function modelPathSegment(model: string): string {
  return encodeURIComponent(model).replaceAll("%40", "@");
}

function assertChat(operation: Operation): void {
  if (operation !== "chat") throw new GatewayError("unsupported_operation", `Gemini deployments serve chat completions and embeddings, not ${operation}.`);
}

/**
 * Gemini models, on the Gemini API or on Vertex AI: the same generateContent wire format, at
 * another URL with other credentials.
 */
export function geminiChatProvider(reach: {
  url(deployment: Deployment, method: GeminiMethod): string;
  headers(deployment: Deployment): Record<string, string>;
  authorize?: Provider["authorize"];
  unauthorized?: Provider["unauthorized"];
  embeddings: GoogleEmbeddings;
}): Provider {
  return {
    supports: (operation) => operation === "chat" || operation === "embeddings",
    buildRequest(operation, deployment, body): UpstreamRequest {
      if (operation === "embeddings") {
        const { method, request } = reach.embeddings;
        return { url: reach.url(deployment, method), method: "POST", headers: reach.headers(deployment), body: JSON.stringify(request(deployment.upstreamModel, body)) };
      }
      assertChat(operation);
      const method = body.stream === true ? "streamGenerateContent" : "generateContent";
      return { url: reach.url(deployment, method), method: "POST", headers: reach.headers(deployment), body: JSON.stringify(toGeminiRequest(body)) };
    },
    authorize: reach.authorize,
    unauthorized: reach.unauthorized,
    translateResponse(operation, body, request = {}) {
      if (operation === "embeddings") return reach.embeddings.response(body, request, typeof request.model === "string" ? request.model : "");
      assertChat(operation);
      return toChatCompletion(body);
    },
    createStreamTranslator(operation) {
      assertChat(operation);
      return createGeminiStreamTranslator();
    },
    translateError: (status, body) => toOpenAIError(status, body),
  };
}
