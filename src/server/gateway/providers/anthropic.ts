import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { createChatStreamTranslator, emptyUsage, isJsonObject, readUsage, toOpenAIError, toOpenAIFinishReason, toOpenAIUsage } from "./anthropic-stream";
import { parseToolInput } from "../messages/translate-response";
import { upstreamBody } from "./openai";
import type { JsonObject, Operation, Provider } from "./types";
import { invalidChatRequest, textOfChatContent, appendAlternatingTurn } from "./chat-content";

const anthropicVersion = "2023-06-01";
/** Anthropic requires `max_tokens`; OpenAI clients often leave it out. */
const defaultMaxTokens = 4096;

type AnthropicRole = "user" | "assistant";
interface AnthropicMessage {
  role: AnthropicRole;
  content: JsonObject[];
}

export const anthropicProvider: Provider = {
  supports: (operation) => operation === "chat" || operation === "messages" || operation === "count_tokens",

  buildRequest(operation, deployment, body, sourceText) {
    // The Messages API is Anthropic's own: the body goes as the client sent it but for the model name.
    if (operation === "messages" || operation === "count_tokens") {
      const url = messagesUrl(deployment.apiBase) + (operation === "count_tokens" ? "/count_tokens" : "");
      return { url, method: "POST", headers: requestHeaders(deployment), body: upstreamBody(operation, deployment, body, sourceText) };
    }
    assertChat(operation);
    return {
      url: messagesUrl(deployment.apiBase),
      method: "POST",
      headers: requestHeaders(deployment),
      body: JSON.stringify(toAnthropicRequest(deployment.upstreamModel, body, deployment.dropParams)),
    };
  },

  translateResponse(operation, body) {
    assertChat(operation);
    return toChatCompletion(body);
  },

  createStreamTranslator(operation) {
    assertChat(operation);
    return createChatStreamTranslator();
  },

  translateError: (_status, body) => toOpenAIError(body),
};

function assertChat(operation: Operation): void {
  if (operation !== "chat") {
    throw new GatewayError("unsupported_operation", `Anthropic deployments serve chat completions only, not ${operation}.`);
  }
}

function messagesUrl(apiBase: string): string {
  const base = apiBase.replace(/\/+$/, "");
  return base.endsWith("/v1") ? `${base}/messages` : `${base}/v1/messages`;
}

function requestHeaders(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "anthropic-version": anthropicVersion, "content-type": "application/json" };
  if (deployment.apiKey) headers["x-api-key"] = deployment.apiKey;
  return headers;
}

/** Builds the Messages API body from an allow-list, so OpenAI-only fields never reach Anthropic. */
/** Chat parameters the Messages API has no equivalent for (LiteLLM's list for Anthropic, less what is translated). */
const unsupportedParams = ["presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "seed", "response_format", "prediction", "audio", "modalities"];

/**
 * A chat request as Anthropic's Messages API body. A parameter it cannot carry is refused, as
 * LiteLLM refuses it, unless the deployment drops such parameters (`drop_params`).
 */
export function toAnthropicRequest(model: string, body: JsonObject, dropParams = false): JsonObject {
  if (!dropParams) {
    const unsupported = unsupportedParams.filter((name) => body[name] !== undefined && body[name] !== null);
    if (unsupported.length > 0) {
      throw invalidChatRequest(
        `Anthropic models do not support ${unsupported.map((name) => `'${name}'`).join(", ")}. To send the request without them, set drop_params: true in litellm_settings or the deployment's litellm_params.`,
        unsupported[0],
      );
    }
  }
  if (typeof body.n === "number" && body.n > 1) {
    throw invalidChatRequest("Anthropic models return a single choice; `n` must be 1.", "n");
  }
  const { system, messages } = translateMessages(body.messages);
  const tools = translateTools(body.tools);
  return {
    model,
    system,
    messages,
    max_tokens: optionalNumber(body, "max_completion_tokens") ?? optionalNumber(body, "max_tokens") ?? defaultMaxTokens,
    temperature: optionalNumber(body, "temperature"),
    top_p: optionalNumber(body, "top_p"),
    stop_sequences: translateStop(body.stop),
    stream: typeof body.stream === "boolean" ? body.stream : undefined,
    tools,
    // Anthropic rejects a tool_choice without tools.
    tool_choice: tools ? translateToolChoice(body.tool_choice, body.parallel_tool_calls) : undefined,
    metadata: typeof body.user === "string" ? { user_id: body.user } : undefined,
  };
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalidChatRequest(`\`${key}\` must be a number.`, key);
  return value;
}

function translateMessages(input: unknown): { system?: string; messages: AnthropicMessage[] } {
  if (!Array.isArray(input)) throw invalidChatRequest("`messages` must be an array.", "messages");
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  input.forEach((message: unknown, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message)) throw invalidChatRequest(`${param} must be an object.`, param);
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOfChatContent(message.content, `${param}.content`);
        if (text !== "") system.push(text);
        return;
      }
      case "user":
        return appendAlternatingTurn(messages, "user", userBlocks(message.content, `${param}.content`));
      case "assistant":
        return appendAlternatingTurn(messages, "assistant", assistantBlocks(message, param));
      case "tool":
        return appendAlternatingTurn(messages, "user", [toolResultBlock(message, param)]);
      default:
        throw invalidChatRequest(`${param}.role ${JSON.stringify(message.role)} is not supported by Anthropic models.`, `${param}.role`);
    }
  });
  if (messages.length === 0) throw invalidChatRequest("At least one user or assistant message is required.", "messages");
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages };
}

function textBlocks(text: string): JsonObject[] {
  // Anthropic rejects empty text blocks.
  return text === "" ? [] : [{ type: "text", text }];
}

function userBlocks(content: unknown, param: string): JsonObject[] {
  if (!Array.isArray(content)) return textBlocks(textOfChatContent(content, param));
  return content.flatMap((part: unknown, j): JsonObject[] => {
    const partParam = `${param}[${j}]`;
    if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return textBlocks(part.text);
    if (isJsonObject(part) && part.type === "image_url") return [imageBlock(part.image_url, `${partParam}.image_url`)];
    const type = isJsonObject(part) ? JSON.stringify(part.type) : "this";
    throw invalidChatRequest(`Content part type ${type} is not supported by Anthropic models.`, partParam);
  });
}

function imageBlock(image: unknown, param: string): JsonObject {
  const url = isJsonObject(image) ? image.url : image;
  if (typeof url !== "string") throw invalidChatRequest(`${param}.url must be a string.`, param);
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (dataUrl) return { type: "image", source: { type: "base64", media_type: dataUrl[1], data: dataUrl[2] } };
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw invalidChatRequest(`${param}.url must be an http(s) URL or a base64 data: URL.`, param);
}

function assistantBlocks(message: JsonObject, param: string): JsonObject[] {
  const blocks = textBlocks(textOfChatContent(message.content, `${param}.content`));
  const toolCalls = message.tool_calls ?? [];
  if (!Array.isArray(toolCalls)) throw invalidChatRequest(`${param}.tool_calls must be an array.`, `${param}.tool_calls`);
  toolCalls.forEach((call: unknown, j) => {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || typeof call.id !== "string" || !isJsonObject(fn) || typeof fn.name !== "string") {
      throw invalidChatRequest(`${param}.tool_calls[${j}] needs an id and a function name.`, `${param}.tool_calls[${j}]`);
    }
    blocks.push({ type: "tool_use", id: call.id, name: fn.name, input: parseToolInput(fn.arguments) });
  });
  return blocks;
}

function toolResultBlock(message: JsonObject, param: string): JsonObject {
  if (typeof message.tool_call_id !== "string") throw invalidChatRequest(`${param}.tool_call_id is required.`, `${param}.tool_call_id`);
  const content = textOfChatContent(message.content, `${param}.content`);
  return { type: "tool_result", tool_use_id: message.tool_call_id, ...(content !== "" && { content }) };
}

function translateTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalidChatRequest("`tools` must be an array.", "tools");
  if (tools.length === 0) return undefined;
  return tools.map((tool: unknown, i): JsonObject => {
    const fn = isJsonObject(tool) && tool.type === "function" ? tool.function : undefined;
    if (!isJsonObject(fn) || typeof fn.name !== "string") {
      throw invalidChatRequest(`tools[${i}] must be a function tool with a name.`, `tools[${i}]`);
    }
    return {
      name: fn.name,
      ...(typeof fn.description === "string" && { description: fn.description }),
      input_schema: isJsonObject(fn.parameters) ? fn.parameters : { type: "object", properties: {} },
    };
  });
}

function translateToolChoice(choice: unknown, parallelToolCalls: unknown): JsonObject | undefined {
  const translated = baseToolChoice(choice);
  if (parallelToolCalls !== false || translated?.type === "none") return translated;
  return { ...(translated ?? { type: "auto" }), disable_parallel_tool_use: true };
}

function baseToolChoice(choice: unknown): JsonObject | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === "auto") return { type: "auto" };
  if (choice === "required") return { type: "any" };
  if (choice === "none") return { type: "none" };
  const fn = isJsonObject(choice) && choice.type === "function" ? choice.function : undefined;
  if (isJsonObject(fn) && typeof fn.name === "string") return { type: "tool", name: fn.name };
  throw invalidChatRequest('`tool_choice` must be "auto", "required", "none" or {type:"function", function:{name}}.', "tool_choice");
}

function translateStop(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(sequences) || !sequences.every((sequence) => typeof sequence === "string")) {
    throw invalidChatRequest("`stop` must be a string or an array of strings.", "stop");
  }
  return sequences.length > 0 ? sequences : undefined;
}

/** An Anthropic message as an OpenAI `chat.completion`. */
export function toChatCompletion(body: unknown, now: () => number = Date.now): JsonObject {
  if (!isJsonObject(body) || !Array.isArray(body.content)) {
    throw new GatewayError("upstream_unreachable", "Anthropic answered with something other than a Messages API message.");
  }
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const block of body.content as unknown[]) {
    if (!isJsonObject(block)) continue;
    if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
    if (block.type === "tool_use") {
      const args = JSON.stringify(block.input ?? {});
      toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: args } });
    }
  }
  const message = {
    role: "assistant",
    content: texts.length > 0 ? texts.join("") : null,
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
  };
  return {
    id: body.id,
    object: "chat.completion",
    created: Math.floor(now() / 1000),
    model: body.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(body.stop_reason) }],
    usage: toOpenAIUsage({ ...emptyUsage(), ...readUsage(body.usage) }),
  };
}
