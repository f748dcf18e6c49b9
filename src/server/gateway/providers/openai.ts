import type { Deployment } from "../../config/types";
import type { JsonObject, Operation, Provider, UpstreamRequest } from "./types";

const paths: Record<Operation, string> = {
  chat: "/chat/completions",
  responses: "/responses",
  embeddings: "/embeddings",
};

export function openAIHeaders(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (deployment.apiKey) headers.authorization = `Bearer ${deployment.apiKey}`;
  if (deployment.organization) headers["openai-organization"] = deployment.organization;
  return headers;
}

/**
 * The body as the client sent it but for the model name. Streamed chat always asks for usage,
 * so spend is known; the handler hides the usage chunk from clients that did not ask for it.
 */
export function upstreamBody(operation: Operation, deployment: Deployment, body: JsonObject): string {
  const out: JsonObject = { ...body, model: deployment.upstreamModel };
  if (operation === "chat" && body.stream === true) {
    const options = typeof body.stream_options === "object" && body.stream_options !== null ? body.stream_options : {};
    out.stream_options = { ...options, include_usage: true };
  }
  return JSON.stringify(out);
}

/** OpenAI itself and every server that speaks its wire protocol at `api_base` (which ends in /v1). */
export const openAIProvider: Provider = {
  supports: () => true,
  buildRequest(operation, deployment, body): UpstreamRequest {
    return {
      url: deployment.apiBase + paths[operation],
      method: "POST",
      headers: openAIHeaders(deployment),
      body: upstreamBody(operation, deployment, body),
    };
  },
  buildResourceRequest(deployment, method, resourcePath, query) {
    return { url: deployment.apiBase + resourcePath + (query ? `?${query}` : ""), method, headers: openAIHeaders(deployment) };
  },
};
