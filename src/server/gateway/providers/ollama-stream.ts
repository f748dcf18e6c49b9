import { randomUUID } from "node:crypto";
import { errorBody } from "../errors";
import type { SseEvent } from "../stream/sse";
import { isJsonObject } from "./anthropic-stream";
import type { JsonObject, StreamTranslator } from "./types";
import { UpstreamError } from "./upstream-error";

/** Ollama's tool calls (arguments as an object, no ids) in OpenAI's shape; undefined when there are none. */
export function toOpenAIToolCalls(value: unknown, firstIndex = 0): JsonObject[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((call: unknown, offset) => {
    const fn = isJsonObject(call) && isJsonObject(call.function) ? call.function : {};
    const args = fn.arguments;
    return {
      index: firstIndex + offset,
      id: `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
      type: "function",
      function: { name: typeof fn.name === "string" ? fn.name : "", arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}) },
    };
  });
}

export function ollamaFinishReason(doneReason: unknown, calledTools: boolean): string {
  if (calledTools) return "tool_calls";
  return doneReason === "length" ? "length" : "stop";
}

/** Ollama counts the prompt (`prompt_eval_count`) and the answer (`eval_count`). */
export function ollamaUsage(answer: JsonObject): JsonObject {
  const prompt = typeof answer.prompt_eval_count === "number" ? answer.prompt_eval_count : 0;
  const completion = typeof answer.eval_count === "number" ? answer.eval_count : 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * `/api/chat`'s streamed lines (one JSON object each; the relay hands each as an event's data) as
 * OpenAI chat chunks: the role first, text and thinking as deltas, tool calls (Ollama sends each
 * whole) as one delta each, then the finish reason and a usage-only chunk, which the relay hides
 * from clients that did not ask for usage. An `{"error": ...}` line breaks the stream off.
 */
export function createOllamaStreamTranslator(): StreamTranslator {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let model = "";
  let sentRole = false;
  let toolCalls = 0;
  const chunk = (delta: JsonObject, finishReason: string | null = null) =>
    JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] });

  return {
    framing: "ndjson",
    translate(event: SseEvent): string[] {
      const line: unknown = JSON.parse(event.data);
      if (!isJsonObject(line)) return [];
      if (line.error !== undefined) {
        const message = typeof line.error === "string" ? line.error : "Ollama reported an error mid-stream";
        throw new UpstreamError(502, errorBody(message, "server_error", "upstream_stream_error"));
      }
      if (typeof line.model === "string") model = line.model;
      const out: string[] = [];
      if (!sentRole) {
        sentRole = true;
        out.push(chunk({ role: "assistant", content: "" }));
      }
      const message = isJsonObject(line.message) ? line.message : {};
      if (typeof message.thinking === "string" && message.thinking !== "") out.push(chunk({ reasoning_content: message.thinking }));
      if (typeof message.content === "string" && message.content !== "") out.push(chunk({ content: message.content }));
      const calls = toOpenAIToolCalls(message.tool_calls, toolCalls);
      if (calls) {
        toolCalls += calls.length;
        out.push(chunk({ tool_calls: calls }));
      }
      if (line.done === true) {
        out.push(chunk({}, ollamaFinishReason(line.done_reason, toolCalls > 0)));
        out.push(JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: ollamaUsage(line) }));
        out.push("[DONE]");
      }
      return out;
    },
  };
}
