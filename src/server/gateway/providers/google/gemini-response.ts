import { randomBytes } from "node:crypto";
import { GatewayError } from "../../errors";
import { isJsonObject } from "../anthropic-stream";
import type { JsonObject } from "../types";

// Gemini's GenerateContentResponse (whole, or one streamed chunk of it) in OpenAI's terms.

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * `usageMetadata` as OpenAI usage. Thinking tokens are output the model was billed for, so they
 * count in `completion_tokens` (as OpenAI counts reasoning), and cached prompt tokens, which
 * Gemini counts inside `promptTokenCount` as OpenAI does, are named so they are priced as such.
 */
export function toOpenAIUsage(metadata: unknown): JsonObject | undefined {
  if (!isJsonObject(metadata)) return undefined;
  const prompt = count(metadata.promptTokenCount) + count(metadata.toolUsePromptTokenCount);
  const thoughts = count(metadata.thoughtsTokenCount);
  const completion = count(metadata.candidatesTokenCount) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: count(metadata.cachedContentTokenCount) },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}

const finishReasons: Record<string, string> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
};

/** A candidate that called functions finished to have them run, whatever Gemini's reason says (it says STOP). */
export function toOpenAIFinishReason(reason: unknown, calledFunctions: boolean): string {
  if (calledFunctions && (reason === "STOP" || reason === undefined)) return "tool_calls";
  return (typeof reason === "string" && finishReasons[reason]) || "stop";
}

export function newToolCallId(): string {
  return `call_${randomBytes(12).toString("hex")}`;
}

/** A `functionCall` part as an OpenAI tool call; Gemini gives an id only on some surfaces. */
export function toToolCall(call: JsonObject): JsonObject {
  return {
    id: typeof call.id === "string" && call.id !== "" ? call.id : newToolCallId(),
    type: "function",
    function: { name: typeof call.name === "string" ? call.name : "", arguments: JSON.stringify(call.args ?? {}) },
  };
}

/** The parts of one candidate: its answer text, its thinking (parts marked `thought`), its function calls. */
export function readParts(candidate: unknown): { text: string[]; thinking: string[]; calls: JsonObject[] } {
  const read = { text: [] as string[], thinking: [] as string[], calls: [] as JsonObject[] };
  const parts = isJsonObject(candidate) && isJsonObject(candidate.content) ? candidate.content.parts : undefined;
  if (!Array.isArray(parts)) return read;
  for (const part of parts) {
    if (!isJsonObject(part)) continue;
    if (typeof part.text === "string") (part.thought === true ? read.thinking : read.text).push(part.text);
    if (isJsonObject(part.functionCall)) read.calls.push(part.functionCall);
  }
  return read;
}

/** A whole generateContent answer as an OpenAI `chat.completion`. */
export function toChatCompletion(body: unknown, now: () => number = Date.now): JsonObject {
  if (!isJsonObject(body) || (body.candidates !== undefined && !Array.isArray(body.candidates))) {
    throw new GatewayError("upstream_unreachable", "Google answered with something other than a generateContent response.");
  }
  const candidates = (body.candidates ?? []) as unknown[];
  // A prompt blocked outright has no candidates, only promptFeedback.blockReason.
  const choices =
    candidates.length === 0
      ? [{ index: 0, message: { role: "assistant", content: null }, logprobs: null, finish_reason: "content_filter" }]
      : candidates.map((candidate, position) => {
          const { text, thinking, calls } = readParts(candidate);
          const toolCalls = calls.map(toToolCall);
          const message = {
            role: "assistant",
            content: text.length > 0 ? text.join("") : null,
            ...(thinking.length > 0 && { reasoning_content: thinking.join("") }),
            ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
          };
          const index = isJsonObject(candidate) && typeof candidate.index === "number" ? candidate.index : position;
          const reason = isJsonObject(candidate) ? candidate.finishReason : undefined;
          return { index, message, logprobs: null, finish_reason: toOpenAIFinishReason(reason, toolCalls.length > 0) };
        });
  return {
    id: typeof body.responseId === "string" ? body.responseId : `chatcmpl-${randomBytes(12).toString("hex")}`,
    object: "chat.completion",
    created: Math.floor(now() / 1000),
    model: typeof body.modelVersion === "string" ? body.modelVersion : "",
    choices,
    usage: toOpenAIUsage(body.usageMetadata) ?? toOpenAIUsage({}),
  };
}
