import type { Deployment } from "../../../config/types";
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from "./google-embeddings";
import { geminiChatProvider, methodUrl, modelPathSegment, type GeminiMethod } from "./gemini-chat";

const geminiApiBase = "https://generativelanguage.googleapis.com/v1beta/models";

function geminiUrl(deployment: Deployment, method: GeminiMethod): string {
  return methodUrl(deployment.apiBase, () => `${geminiApiBase}/${modelPathSegment(deployment.upstreamModel)}`, method);
}

/** The Gemini API (`gemini/...`, Google AI Studio keys): the key goes in `x-goog-api-key`, never in the URL. */
export const geminiProvider = geminiChatProvider({
  url: geminiUrl,
  embeddings: { method: "batchEmbedContents", request: toGeminiEmbedRequest, response: fromGeminiEmbedResponse },
  headers(deployment) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (deployment.apiKey) headers["x-goog-api-key"] = deployment.apiKey;
    return headers;
  },
});
