import type { Deployment } from "../../config/types";
import { hasDuplicateTopLevelKey } from "./duplicate-keys";
import type { JsonObject, Operation, Provider, UpstreamRequest } from "./types";

/** OpenAI's wire protocol has no Messages API: `/v1/messages` reaches these deployments translated, as chat. */
const paths: Record<Operation, string | undefined> = {
  chat: "/chat/completions",
  responses: "/responses",
  embeddings: "/embeddings",
  messages: undefined,
  count_tokens: undefined,
};

/** The path of an operation the provider `supports`; callUpstream never asks for another. */
export function pathOf(table: Record<Operation, string | undefined>, operation: Operation): string {
  const path = table[operation];
  if (path === undefined) throw new Error(`No upstream path for ${operation}: check supports() before building a request`);
  return path;
}

export function openAIHeaders(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (deployment.apiKey) headers.authorization = `Bearer ${deployment.apiKey}`;
  if (deployment.organization) headers["openai-organization"] = deployment.organization;
  return headers;
}

/** How often `needle` occurs in `text`, counting no further than 2. */
function occurrences(text: string, needle: string): number {
  const first = text.indexOf(needle);
  if (first === -1) return 0;
  return text.indexOf(needle, first + needle.length) === -1 ? 1 : 2;
}

/**
 * Whether the client's own JSON text says exactly what its parsed body says to an upstream that
 * reads duplicate keys differently: no key hides behind a `\u` escape, "model" and "stream"
 * appear once at most, and no top-level key appears twice. Two "model" keys would let an upstream
 * that keeps the first serve another model than the one authorised and priced here; two
 * "previous_response_id", "input" or "store" keys, another conversation or retention than the one
 * checked. A quote inside a JSON string is escaped, so `"model"` in the text is that key, or a
 * value that sends us the careful way.
 */
function forwardable(text: string): boolean {
  return !text.includes("\\u") && occurrences(text, '"model"') === 1 && occurrences(text, '"stream"') <= 1 && !hasDuplicateTopLevelKey(text);
}

const askForUsage = ',"stream_options":{"include_usage":true}}';

const isJsonSpace = (char: string) => char === " " || char === "\t" || char === "\n" || char === "\r";

/**
 * The client's text with its model name replaced by the upstream's, or undefined when the text
 * does not spell the name exactly as `JSON.stringify` would (escapes, say). Only for text that is
 * `forwardable`: its one `"model"` is then the top-level key whose value `model` is.
 */
function withUpstreamModel(text: string, model: unknown, upstreamModel: string): string | undefined {
  if (model === upstreamModel) return text;
  if (typeof model !== "string") return undefined;
  let at = text.indexOf('"model"') + '"model"'.length;
  while (isJsonSpace(text[at])) at++;
  if (text[at] !== ":") return undefined;
  at++;
  while (isJsonSpace(text[at])) at++;
  const value = JSON.stringify(model);
  if (!text.startsWith(value, at)) return undefined;
  return text.slice(0, at) + JSON.stringify(upstreamModel) + text.slice(at + value.length);
}

/**
 * The body as the client sent it but for the model name. Streamed chat always asks for usage,
 * so spend is known; the handler hides the usage chunk from clients that did not ask for it.
 * Where it can, this edits the client's text (`sourceText`, the JSON `body` was parsed from)
 * rather than copying and serialising the body, which grow with the prompt.
 */
export function upstreamBody(operation: Operation, deployment: Deployment, body: JsonObject, sourceText?: string): string {
  const streamedChat = operation === "chat" && body.stream === true;
  const text = sourceText !== undefined && forwardable(sourceText) ? withUpstreamModel(sourceText, body.model, deployment.upstreamModel) : undefined;
  if (text !== undefined) {
    if (!streamedChat) return text;
    // The last "}" closes the object, which holds "model" at least: usage is asked for before it.
    if (!text.includes('"stream_options"')) return text.slice(0, text.lastIndexOf("}")) + askForUsage;
  }
  const out: JsonObject = { ...body, model: deployment.upstreamModel };
  if (streamedChat) {
    const options = typeof body.stream_options === "object" && body.stream_options !== null ? body.stream_options : {};
    out.stream_options = { ...options, include_usage: true };
  }
  return JSON.stringify(out);
}

/** OpenAI itself and every server that speaks its wire protocol at `api_base` (which ends in /v1). */
export const openAIProvider: Provider = {
  supports: (operation) => paths[operation] !== undefined,
  buildRequest(operation, deployment, body, sourceText): UpstreamRequest {
    return {
      url: deployment.apiBase + pathOf(paths, operation),
      method: "POST",
      headers: openAIHeaders(deployment),
      body: upstreamBody(operation, deployment, body, sourceText),
    };
  },
  buildResourceRequest(deployment, method, resourcePath, query) {
    return { url: deployment.apiBase + resourcePath + (query ? `?${query}` : ""), method, headers: openAIHeaders(deployment) };
  },
};
