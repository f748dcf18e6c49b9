import { randomUUID } from "node:crypto";
import { GatewayError } from "../../errors";
import { isJsonObject, toOpenAIUsage } from "../anthropic-stream";
import type { JsonObject } from "../types";

const finishReasons: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  guardrail_intervened: "content_filter",
  content_filtered: "content_filter",
};

export function toFinishReason(stopReason: unknown): string {
  return (typeof stopReason === "string" && finishReasons[stopReason]) || "stop";
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Converse's usage in OpenAI's words. Like Anthropic, Bedrock counts cache reads and writes apart
 * from `inputTokens`; OpenAI counts them inside `prompt_tokens`.
 */
export function toChatUsage(usage: unknown) {
  const fields = isJsonObject(usage) ? usage : {};
  return toOpenAIUsage({
    input_tokens: count(fields.inputTokens),
    output_tokens: count(fields.outputTokens),
    cache_read_input_tokens: count(fields.cacheReadInputTokens),
    cache_creation_input_tokens: count(fields.cacheWriteInputTokens),
  });
}

/** Converse answers carry no id; OpenAI clients expect one. */
export function chatCompletionId(): string {
  return `chatcmpl-${randomUUID()}`;
}

/** A Converse answer as an OpenAI `chat.completion`; `model` is the deployment's, which Converse does not echo. */
export function converseToChatCompletion(body: unknown, model: string, now: () => number = Date.now): JsonObject {
  const message = isJsonObject(body) && isJsonObject(body.output) ? body.output.message : undefined;
  if (!isJsonObject(body) || !isJsonObject(message) || !Array.isArray(message.content)) {
    throw new GatewayError("upstream_unreachable", "Bedrock answered with something other than a Converse response.");
  }
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const block of message.content as unknown[]) {
    if (!isJsonObject(block)) continue;
    if (typeof block.text === "string") texts.push(block.text);
    const toolUse = block.toolUse;
    if (isJsonObject(toolUse)) {
      toolCalls.push({ id: toolUse.toolUseId, type: "function", function: { name: toolUse.name, arguments: JSON.stringify(toolUse.input ?? {}) } });
    }
  }
  return {
    id: chatCompletionId(),
    object: "chat.completion",
    created: Math.floor(now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: texts.length > 0 ? texts.join("") : null, ...(toolCalls.length > 0 && { tool_calls: toolCalls }) },
        logprobs: null,
        finish_reason: toFinishReason(body.stopReason),
      },
    ],
    usage: toChatUsage(body.usage),
  };
}
