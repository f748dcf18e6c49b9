import { randomUUID } from "node:crypto";
import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { isJsonObject } from "./anthropic-stream";
import { createOllamaStreamTranslator, toOpenAIToolCalls, ollamaFinishReason, ollamaUsage } from "./ollama-stream";
import type { JsonObject, Operation, Provider, UpstreamRequest } from "./types";

/**
 * Ollama's native API (`ollama/` and `ollama_chat/`): chat at `/api/chat` (newline-delimited
 * JSON when streamed) and embeddings at `/api/embed`. LiteLLM sends `ollama/` to `/api/generate`
 * with a prompt it assembles from the messages; here both prefixes use `/api/chat`, so the model's
 * own chat template, tools and images apply (Ollama has served it since 0.1.14).
 */
const paths: Partial<Record<Operation, string>> = { chat: "/api/chat", embeddings: "/api/embed" };

function ollamaUrl(operation: Operation, apiBase: string): string {
  const path = paths[operation] ?? "";
  const base = apiBase.replace(/\/+$/, "").replace(/\/api\/(chat|generate|embed)$/, "");
  return base + path;
}

function invalid(message: string, param: string): GatewayError {
  return new GatewayError("invalid_request", message, { param });
}

/** Text and base64 images of an OpenAI content value (a string or parts). */
function contentOf(content: unknown, param: string): { text: string; images: string[] } {
  if (content === null || content === undefined) return { text: "", images: [] };
  if (typeof content === "string") return { text: content, images: [] };
  if (!Array.isArray(content)) throw invalid(`${param} must be a string or an array of content parts.`, param);
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part: unknown, index) => {
    if (!isJsonObject(part)) throw invalid(`${param}[${index}] must be an object.`, `${param}[${index}]`);
    if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
    else if (part.type === "image_url") {
      const url = isJsonObject(part.image_url) ? part.image_url.url : undefined;
      const data = typeof url === "string" ? /^data:[^;,]+;base64,(.*)$/s.exec(url)?.[1] : undefined;
      if (data === undefined) throw invalid("Ollama takes images as base64 `data:` URLs, not links.", `${param}[${index}].image_url.url`);
      images.push(data);
    } else throw invalid(`${param}[${index}]: Ollama takes text and image parts only.`, `${param}[${index}]`);
  });
  return { text: texts.join("\n"), images };
}

function toolCallsOf(value: unknown, param: string): JsonObject[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((call: unknown, index) => {
    const fn = isJsonObject(call) && isJsonObject(call.function) ? call.function : undefined;
    if (!fn || typeof fn.name !== "string") throw invalid(`${param}[${index}] must be a function call with a name.`, `${param}[${index}]`);
    let args: unknown = {};
    try {
      args = typeof fn.arguments === "string" && fn.arguments !== "" ? JSON.parse(fn.arguments) : (fn.arguments ?? {});
    } catch {
      throw invalid(`${param}[${index}].function.arguments must be JSON.`, `${param}[${index}].function.arguments`);
    }
    return { function: { name: fn.name, arguments: args } };
  });
}

function toOllamaMessages(input: unknown): JsonObject[] {
  if (!Array.isArray(input)) throw invalid("`messages` must be an array.", "messages");
  return input.map((message: unknown, index) => {
    const param = `messages[${index}]`;
    if (!isJsonObject(message) || typeof message.role !== "string") throw invalid(`${param} must be an object with a role.`, param);
    const role = message.role === "developer" ? "system" : message.role;
    const { text, images } = contentOf(message.content, `${param}.content`);
    const out: JsonObject = { role, content: text };
    if (images.length > 0) out.images = images;
    const toolCalls = role === "assistant" ? toolCallsOf(message.tool_calls, `${param}.tool_calls`) : undefined;
    if (toolCalls) out.tool_calls = toolCalls;
    if (role === "tool" && typeof message.name === "string") out.tool_name = message.name;
    return out;
  });
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalid(`\`${key}\` must be a number.`, key);
  return value;
}

/** OpenAI's sampling parameters as Ollama's `options`; unset ones stay unset, so the Modelfile's defaults hold. */
function optionsOf(body: JsonObject): JsonObject | undefined {
  const options: JsonObject = {
    num_predict: optionalNumber(body, "max_completion_tokens") ?? optionalNumber(body, "max_tokens"),
    temperature: optionalNumber(body, "temperature"),
    top_p: optionalNumber(body, "top_p"),
    seed: optionalNumber(body, "seed"),
    presence_penalty: optionalNumber(body, "presence_penalty"),
    frequency_penalty: optionalNumber(body, "frequency_penalty"),
    stop: typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined,
  };
  const set = Object.entries(options).filter(([, value]) => value !== undefined);
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}

/** `response_format` as Ollama's `format`: "json", or the JSON schema itself. */
function formatOf(value: unknown): unknown {
  if (!isJsonObject(value)) return undefined;
  if (value.type === "json_object") return "json";
  if (value.type === "json_schema" && isJsonObject(value.json_schema)) return value.json_schema.schema;
  return undefined;
}

export function toOllamaChatRequest(model: string, body: JsonObject): JsonObject {
  if (typeof body.n === "number" && body.n > 1) throw invalid("Ollama returns a single choice; `n` must be 1.", "n");
  return {
    model,
    messages: toOllamaMessages(body.messages),
    stream: body.stream === true,
    options: optionsOf(body),
    format: formatOf(body.response_format),
    tools: Array.isArray(body.tools) && body.tools.length > 0 ? body.tools : undefined,
    think: typeof body.reasoning_effort === "string" ? body.reasoning_effort !== "none" && body.reasoning_effort !== "minimal" : undefined,
  };
}

/** A whole `/api/chat` answer as an OpenAI chat completion. */
export function toChatCompletion(answer: unknown): JsonObject {
  const body = isJsonObject(answer) ? answer : {};
  const message = isJsonObject(body.message) ? body.message : {};
  const toolCalls = toOpenAIToolCalls(message.tool_calls);
  const created = typeof body.created_at === "string" ? Math.floor(Date.parse(body.created_at) / 1000) : NaN;
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Number.isFinite(created) ? created : Math.floor(Date.now() / 1000),
    model: typeof body.model === "string" ? body.model : "",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: typeof message.content === "string" ? message.content : null,
          ...(typeof message.thinking === "string" && message.thinking !== "" ? { reasoning_content: message.thinking } : {}),
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: ollamaFinishReason(body.done_reason, toolCalls !== undefined),
      },
    ],
    usage: ollamaUsage(body),
  };
}

/** A vector as OpenAI sends it for `encoding_format: "base64"` (the official SDKs' default): little-endian float32, base64. */
export function base64Vector(vector: unknown): string {
  const numbers = Array.isArray(vector) ? vector.map(Number) : [];
  return Buffer.from(new Float32Array(numbers).buffer).toString("base64");
}

/** `/api/embed`'s answer as OpenAI's embeddings list, in the encoding the client asked for. */
function toEmbeddings(answer: unknown, request: JsonObject | undefined): JsonObject {
  const base64 = request?.encoding_format === "base64";
  const body = isJsonObject(answer) ? answer : {};
  const vectors = Array.isArray(body.embeddings) ? body.embeddings : [];
  const promptTokens = typeof body.prompt_eval_count === "number" ? body.prompt_eval_count : 0;
  return {
    object: "list",
    data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding: base64 ? base64Vector(embedding) : embedding })),
    model: typeof body.model === "string" ? body.model : "",
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

function headersOf(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  // Ollama itself takes no key; one in front of it (a proxy, Ollama's cloud) takes a bearer token, as LiteLLM sends it.
  if (deployment.apiKey) headers.authorization = `Bearer ${deployment.apiKey}`;
  return headers;
}

export const ollamaProvider: Provider = {
  supports: (operation) => paths[operation] !== undefined,
  buildRequest(operation, deployment, body): UpstreamRequest {
    const payload = operation === "embeddings" ? { model: deployment.upstreamModel, input: body.input } : toOllamaChatRequest(deployment.upstreamModel, body);
    return { url: ollamaUrl(operation, deployment.apiBase), method: "POST", headers: headersOf(deployment), body: JSON.stringify(payload) };
  },
  translateResponse: (operation, body, request) => (operation === "embeddings" ? toEmbeddings(body, request) : toChatCompletion(body)),
  createStreamTranslator: () => createOllamaStreamTranslator(),
};
