import type { Deployment } from "../../config/types";
import type { OpenAIErrorBody } from "../errors";
import { anthropicProvider } from "./anthropic";
import { isJsonObject } from "./anthropic-stream";
import { pathOf, upstreamBody } from "./openai";
import { parseUpstreamErrorBody } from "./upstream-error";
import type { JsonObject, Operation, Provider, UpstreamRequest } from "./types";

const operationPaths: Record<Operation, string | undefined> = {
  chat: "/chat/completions",
  responses: undefined,
  embeddings: "/embeddings",
  messages: undefined,
  count_tokens: undefined,
};

/** The api-version the Azure AI model inference API (`/models/...`) is asked for when the config names none. */
export const defaultAzureAiApiVersion = "2024-05-01-preview";

/**
 * The chat parameters the Azure AI model inference API defines. Any other is refused by the
 * service unless the `extra-parameters` header says otherwise (its default is `error`).
 */
const inferenceChatParameters = new Set([
  "model",
  "messages",
  "stream",
  "frequency_penalty",
  "presence_penalty",
  "temperature",
  "top_p",
  "max_tokens",
  "response_format",
  "stop",
  "tools",
  "tool_choice",
  "seed",
  "modalities",
]);

/** Hosts that take the key as `api-key`; every other Azure AI endpoint takes `Authorization: Bearer` (LiteLLM's rule). */
export function usesApiKeyHeader(apiBase: string): boolean {
  const host = hostOf(apiBase);
  return host.endsWith(".services.ai.azure.com") || host.endsWith(".openai.azure.com");
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** `base` + `ending` without repeating the segments `base` already ends with (`.../models` + `/models/chat/completions`). */
export function joinOverlapping(basePath: string, ending: string): string {
  const baseParts = basePath.replace(/\/+$/, "").split("/");
  const endParts = ending.replace(/^\/+/, "").split("/");
  for (let overlap = Math.min(baseParts.length, endParts.length); overlap > 0; overlap--) {
    if (baseParts.slice(-overlap).join("/") === endParts.slice(0, overlap).join("/")) {
      return [...baseParts, ...endParts.slice(overlap)].join("/");
    }
  }
  return [...baseParts, ...endParts].join("/");
}

/**
 * The endpoint URL: a `*.services.ai.azure.com` resource serves the inference API under
 * `/models` (and needs an api-version there); a serverless or managed endpoint under its base.
 * An api-version written into api_base's query wins over `api_version`.
 */
export function azureAiUrl(operation: Operation, deployment: Deployment): string {
  const url = new URL(deployment.apiBase);
  const ending = pathOf(operationPaths, operation);
  const resource = url.hostname.toLowerCase().endsWith(".services.ai.azure.com");
  url.pathname = joinOverlapping(url.pathname, resource ? `/models${ending}` : ending);
  const apiVersion = deployment.apiVersion ?? (resource ? defaultAzureAiApiVersion : undefined);
  if (apiVersion !== undefined && !url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
  return url.toString();
}

function extraParameters(deployment: Deployment): string | undefined {
  const entry = Object.entries(deployment.extraHeaders ?? {}).find(([name]) => name.toLowerCase() === "extra-parameters");
  return entry?.[1].toLowerCase();
}

/**
 * What is sent: with `extra-parameters: pass-through` the body as to OpenAI (usage asked for
 * with `stream_options`); with an explicit `error`, the client's body untouched but for the model,
 * so the service refuses what it does not know as the operator asked; otherwise (unset, `drop`)
 * only the parameters the API defines, so a client's `stream_options`, `user` or `n` never turns
 * a request into a 400. A stream's usage then comes in its final chunk, where the relay reads it.
 */
export function azureAiBody(operation: Operation, deployment: Deployment, body: JsonObject, sourceText?: string): string {
  const mode = extraParameters(deployment);
  if (operation !== "chat" || mode === "pass-through") return upstreamBody(operation, deployment, body, sourceText);
  if (mode === "error") return JSON.stringify({ ...body, model: deployment.upstreamModel });
  const kept: JsonObject = {};
  for (const [name, value] of Object.entries(body)) if (inferenceChatParameters.has(name)) kept[name] = value;
  kept.model = deployment.upstreamModel;
  if (Array.isArray(body.messages)) kept.messages = body.messages.map(withTextAsString);
  return JSON.stringify(kept);
}

/**
 * Many models behind the inference API take a message's content only as a string: text-only
 * parts are joined into one, as LiteLLM does; content with an image or audio goes as it is.
 */
function withTextAsString(message: unknown): unknown {
  if (typeof message !== "object" || message === null || !Array.isArray((message as JsonObject).content)) return message;
  const parts = (message as JsonObject).content as unknown[];
  const texts = parts.map((part) => (typeof part === "object" && part !== null && (part as JsonObject).type === "text" ? (part as JsonObject).text : undefined));
  if (texts.some((text) => typeof text !== "string")) return message;
  return { ...(message as JsonObject), content: texts.join("") };
}

function authHeaders(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (deployment.apiKey) {
    if (usesApiKeyHeader(deployment.apiBase)) headers["api-key"] = deployment.apiKey;
    else headers.authorization = `Bearer ${deployment.apiKey}`;
  }
  return headers;
}

/**
 * The inference API's validation errors say only "invalid input error" at the top and name the
 * refused parameters in `details` (`{loc: ["body", "user"], msg: "Extra inputs are not permitted"}`):
 * the message and `param` name them, so a client learns what to drop (or what extra-parameters to allow).
 */
export function azureAiError(status: number, body: unknown): OpenAIErrorBody {
  const parsed = parseUpstreamErrorBody(status, typeof body === "string" ? body : JSON.stringify(body));
  const details = isJsonObject(body) && isJsonObject(body.error) && Array.isArray(body.error.details) ? body.error.details.filter(isJsonObject) : [];
  const named = details.flatMap((detail) => {
    const where = Array.isArray(detail.loc) ? detail.loc.filter((part) => part !== "body").join(".") : "";
    return where === "" ? [] : [{ where, message: typeof detail.msg === "string" ? detail.msg : "invalid" }];
  });
  if (named.length === 0) return parsed;
  const message = `${parsed.error.message}: ${named.map((item) => `${item.where}: ${item.message}`).join("; ")}`;
  return { error: { ...parsed.error, message, param: named[0].where } };
}

/** Azure AI Foundry (`azure_ai/...`): OpenAI's chat and embeddings with Azure AI's URLs, auth and parameter rules. */
export const azureAiProvider: Provider = {
  supports: (operation) => operationPaths[operation] !== undefined,
  buildRequest(operation, deployment, body, sourceText): UpstreamRequest {
    return { url: azureAiUrl(operation, deployment), method: "POST", headers: authHeaders(deployment), body: azureAiBody(operation, deployment, body, sourceText) };
  },
  translateError: azureAiError,
};

/** `https://x.services.ai.azure.com[/anthropic[/v1/messages]]` -> `https://x.services.ai.azure.com/anthropic`. */
export function anthropicRoot(apiBase: string): string {
  const base = apiBase.replace(/\/+$/, "").replace(/\/v1\/messages$/, "");
  const at = base.indexOf("/anthropic");
  return at === -1 ? `${base}/anthropic` : base.slice(0, at + "/anthropic".length);
}

/**
 * Claude on Azure AI Foundry (`azure_ai/claude-...`): Anthropic's Messages API at
 * `{resource}/anthropic/v1/messages`, translated as for Anthropic itself. The key goes as Azure
 * sends it for chat (`api-key`) and as Anthropic's SDKs send it for the Messages API (`x-api-key`), as LiteLLM does.
 */
export const azureAiClaudeProvider: Provider = {
  ...anthropicProvider,
  buildRequest(operation, deployment, body, sourceText) {
    const request = anthropicProvider.buildRequest(operation, { ...deployment, apiBase: anthropicRoot(deployment.apiBase), apiKey: undefined }, body, sourceText);
    if (deployment.apiKey) request.headers[operation === "chat" ? "api-key" : "x-api-key"] = deployment.apiKey;
    return request;
  },
};
