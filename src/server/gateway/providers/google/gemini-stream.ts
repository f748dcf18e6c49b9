import { randomBytes } from "node:crypto";
import { errorBody } from "../../errors";
import type { SseEvent } from "../../stream/sse";
import { isJsonObject } from "../anthropic-stream";
import type { JsonObject, StreamTranslator } from "../types";
import { toOpenAIError } from "./google-errors";
import { readParts, toOpenAIFinishReason, toOpenAIUsage, toToolCall } from "./gemini-response";

/**
 * `streamGenerateContent?alt=sse` events in, OpenAI `chat.completion.chunk` payloads out. Each
 * event is a partial GenerateContentResponse: text arrives in pieces, a function call whole.
 * Gemini's stream has no end marker and repeats the running usage on its events, so the usage
 * chunk and `[DONE]` are sent when the stream closes.
 */
class GeminiChatStream implements StreamTranslator {
  private id = `chatcmpl-${randomBytes(12).toString("hex")}`;
  private model = "";
  private usage: JsonObject | undefined;
  private started = new Set<number>();
  /** OpenAI numbers a choice's tool calls from 0 across its chunks. */
  private toolCalls = new Map<number, number>();
  private finished = false;

  constructor(private readonly created: number) {}

  translate(event: SseEvent): string[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return [];
    }
    if (!isJsonObject(data)) return [];
    if (isJsonObject(data.error)) {
      this.finished = true;
      return [JSON.stringify(toOpenAIError(200, data) ?? errorBody("Google's stream failed.", "api_error", "api_error")), "[DONE]"];
    }
    if (typeof data.responseId === "string" && this.started.size === 0) this.id = data.responseId;
    if (typeof data.modelVersion === "string") this.model = data.modelVersion;
    this.usage = toOpenAIUsage(data.usageMetadata) ?? this.usage;
    const candidates = Array.isArray(data.candidates) ? data.candidates : [];
    if (candidates.length === 0 && isJsonObject(data.promptFeedback) && data.promptFeedback.blockReason !== undefined) {
      return [...this.start(0), this.chunk(0, {}, "content_filter")];
    }
    return candidates.flatMap((candidate: unknown, position) => this.candidate(candidate, position));
  }

  private candidate(candidate: unknown, position: number): string[] {
    const index = isJsonObject(candidate) && typeof candidate.index === "number" ? candidate.index : position;
    const out = this.start(index);
    const { text, thinking, calls } = readParts(candidate);
    if (thinking.length > 0) out.push(this.chunk(index, { reasoning_content: thinking.join("") }));
    if (text.length > 0) out.push(this.chunk(index, { content: text.join("") }));
    for (const call of calls) {
      const toolIndex = this.toolCalls.get(index) ?? 0;
      this.toolCalls.set(index, toolIndex + 1);
      out.push(this.chunk(index, { tool_calls: [{ index: toolIndex, ...toToolCall(call) }] }));
    }
    const reason = isJsonObject(candidate) ? candidate.finishReason : undefined;
    if (reason !== undefined && reason !== "FINISH_REASON_UNSPECIFIED") {
      out.push(this.chunk(index, {}, toOpenAIFinishReason(reason, this.toolCalls.has(index))));
    }
    return out;
  }

  private start(index: number): string[] {
    if (this.started.has(index)) return [];
    this.started.add(index);
    return [this.chunk(index, { role: "assistant", content: "" })];
  }

  end(): string[] {
    if (this.finished) return [];
    this.finished = true;
    const usage = this.usage ? [JSON.stringify({ ...this.envelope(), choices: [], usage: this.usage })] : [];
    return [...usage, "[DONE]"];
  }

  private chunk(index: number, delta: JsonObject, finishReason: string | null = null): string {
    return JSON.stringify({ ...this.envelope(), choices: [{ index, delta, finish_reason: finishReason }] });
  }

  private envelope() {
    return { id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model };
  }
}

export function createGeminiStreamTranslator(now: () => number = Date.now): StreamTranslator {
  return new GeminiChatStream(Math.floor(now() / 1000));
}
