import { randomUUID } from "node:crypto";
import { GatewayError } from "../errors";
import { isJsonObject, type AnthropicUsage } from "../providers/anthropic-stream";
import type { JsonObject } from "../providers/types";

// Shared with translate-stream.ts, which maps the same fields as they arrive in pieces.

/** `msg_` and the chat id without its `chatcmpl-`, so a message can be traced to its completion. */
export function messageId(chatId: unknown): string {
  if (typeof chatId === "string" && chatId !== "") return `msg_${chatId.replace(/^chatcmpl-/, "")}`;
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

/** The upstream's tool call id; a fresh one when it sent none, as the client's tool_result needs one to name. */
export function toolUseId(callId: unknown): string {
  return typeof callId === "string" && callId !== "" ? callId : `toolu_${randomUUID().replaceAll("-", "")}`;
}

export interface StopReason {
  stop_reason: "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";
  stop_sequence: string | null;
}

/**
 * Chat Completions' finish_reason says "stop" both for a natural end and for a stop sequence.
 * vLLM and others name the matched sequence in `stop_reason`; without it the answer is `end_turn`,
 * as nothing tells the two apart. Tool calls make it `tool_use` whatever the finish_reason, since
 * some OpenAI-compatible servers answer "stop" with tool calls.
 */
export function toStopReason(finishReason: unknown, matchedStop: unknown, hasToolCalls: boolean): StopReason {
  if (hasToolCalls || finishReason === "tool_calls" || finishReason === "function_call") return { stop_reason: "tool_use", stop_sequence: null };
  if (finishReason === "length") return { stop_reason: "max_tokens", stop_sequence: null };
  if (finishReason === "content_filter") return { stop_reason: "refusal", stop_sequence: null };
  if (typeof matchedStop === "string") return { stop_reason: "stop_sequence", stop_sequence: matchedStop };
  return { stop_reason: "end_turn", stop_sequence: null };
}

/**
 * OpenAI counts cached prompt tokens inside `prompt_tokens`; Anthropic counts them apart from
 * `input_tokens`. OpenAI charges no cache writes, so there are none to report.
 */
export function toAnthropicUsage(usage: unknown): AnthropicUsage {
  const read = (value: unknown) => (typeof value === "number" ? value : 0);
  if (!isJsonObject(usage)) return { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const details = isJsonObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const cached = read(details.cached_tokens);
  return {
    input_tokens: Math.max(0, read(usage.prompt_tokens) - cached),
    output_tokens: read(usage.completion_tokens),
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

/**
 * Tool arguments as the object Anthropic's `input` must be. A model can emit broken JSON; the call
 * then keeps `{}`, so the tool answers that its arguments are missing and the model can try again,
 * rather than the whole turn failing. The reverse translation (providers/anthropic.ts) uses it too.
 */
export function parseToolInput(argumentsJson: unknown): JsonObject {
  if (typeof argumentsJson !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** An OpenAI `chat.completion` as an Anthropic message answering a request for `requestedModel`. */
export function chatResponseToMessage(chatResponse: unknown, requestedModel: string): JsonObject {
  const choice = isJsonObject(chatResponse) && Array.isArray(chatResponse.choices) ? chatResponse.choices[0] : undefined;
  if (!isJsonObject(chatResponse) || !isJsonObject(choice) || !isJsonObject(choice.message)) {
    throw new GatewayError("upstream_unreachable", "The deployment answered with something other than a chat completion.");
  }
  const { message } = choice;
  const content: JsonObject[] = [];
  // A refusal is what the model said instead of an answer: the client should see it as text.
  for (const text of [message.content, message.refusal]) {
    if (typeof text === "string" && text !== "") content.push({ type: "text", text });
  }
  const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isJsonObject) : [];
  for (const call of toolCalls) {
    const fn = isJsonObject(call.function) ? call.function : {};
    content.push({ type: "tool_use", id: toolUseId(call.id), name: typeof fn.name === "string" ? fn.name : "", input: parseToolInput(fn.arguments) });
  }
  const stop = toStopReason(choice.finish_reason, choice.stop_reason, toolCalls.length > 0);
  return {
    id: messageId(chatResponse.id),
    type: "message",
    role: "assistant",
    model: requestedModel,
    content,
    stop_reason: typeof message.refusal === "string" && message.refusal !== "" ? "refusal" : stop.stop_reason,
    stop_sequence: stop.stop_sequence,
    usage: toAnthropicUsage(chatResponse.usage),
  };
}
