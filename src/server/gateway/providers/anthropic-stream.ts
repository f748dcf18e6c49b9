import { errorBody, type OpenAIErrorBody } from "../errors";
import type { SseEvent } from "../stream/sse";
import type { JsonObject, StreamTranslator } from "./types";

// Shared with the non-streaming translation in anthropic.ts; kept here so neither module
// imports the other.

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

const usageFields = ["input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"] as const;

/** The numeric usage fields present in an Anthropic `usage` object; absent ones stay absent. */
export function readUsage(value: unknown): Partial<AnthropicUsage> {
  const usage: Partial<AnthropicUsage> = {};
  if (!isJsonObject(value)) return usage;
  for (const field of usageFields) {
    const count = value[field];
    if (typeof count === "number") usage[field] = count;
  }
  return usage;
}

export function emptyUsage(): AnthropicUsage {
  return { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
}

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; OpenAI counts them inside
 * `prompt_tokens`. Cache writes stay visible on their own because they are priced differently.
 */
export function toOpenAIUsage(usage: AnthropicUsage) {
  const promptTokens = usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.output_tokens,
    total_tokens: promptTokens + usage.output_tokens,
    prompt_tokens_details: { cached_tokens: usage.cache_read_input_tokens },
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
  };
}

const finishReasons: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

export function toOpenAIFinishReason(stopReason: unknown): string {
  return (typeof stopReason === "string" && finishReasons[stopReason]) || "stop";
}

/** Anthropic's `{type:"error", error:{type, message}}`, as JSON text or parsed; else undefined. */
export function toOpenAIError(body: unknown): OpenAIErrorBody | undefined {
  const parsed = typeof body === "string" ? parseJson(body) : body;
  if (!isJsonObject(parsed) || !isJsonObject(parsed.error)) return undefined;
  const { type, message } = parsed.error;
  if (typeof type !== "string" || typeof message !== "string") return undefined;
  return errorBody(message, type, type);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Anthropic Messages SSE events in, OpenAI `chat.completion.chunk` payloads out. */
class ChatStreamTranslator implements StreamTranslator {
  private id = "";
  private model = "";
  private readonly usage = emptyUsage();
  /** Anthropic numbers all content blocks; OpenAI numbers tool calls alone, from 0. */
  private readonly toolIndexByBlock = new Map<number, number>();
  private finished = false;

  constructor(private readonly created: number) {}

  translate(event: SseEvent): string[] {
    if (this.finished) return [];
    const data = parseJson(event.data);
    if (!isJsonObject(data)) return [];
    switch (data.type) {
      case "message_start":
        return this.start(data.message);
      case "content_block_start":
        return this.blockStart(data.index, data.content_block);
      case "content_block_delta":
        return this.blockDelta(data.index, data.delta);
      case "message_delta":
        Object.assign(this.usage, readUsage(data.usage));
        return [this.chunk({}, toOpenAIFinishReason(isJsonObject(data.delta) ? data.delta.stop_reason : undefined))];
      case "message_stop":
        return this.finish([this.usageChunk()]);
      case "error":
        return this.finish([JSON.stringify(toOpenAIError(data) ?? errorBody("Anthropic stream failed.", "api_error", "api_error"))]);
      default:
        // ping, content_block_stop, and event types added after this was written.
        return [];
    }
  }

  private start(message: unknown): string[] {
    if (isJsonObject(message)) {
      if (typeof message.id === "string") this.id = message.id;
      if (typeof message.model === "string") this.model = message.model;
      Object.assign(this.usage, readUsage(message.usage));
    }
    return [this.chunk({ role: "assistant", content: "" })];
  }

  private blockStart(blockIndex: unknown, block: unknown): string[] {
    if (!isJsonObject(block)) return [];
    if (block.type === "text" && typeof block.text === "string" && block.text !== "") {
      return [this.chunk({ content: block.text })];
    }
    if (block.type !== "tool_use" || typeof blockIndex !== "number") return [];
    const index = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(blockIndex, index);
    const toolCall = { index, id: block.id, type: "function", function: { name: block.name, arguments: "" } };
    return [this.chunk({ tool_calls: [toolCall] })];
  }

  private blockDelta(blockIndex: unknown, delta: unknown): string[] {
    if (!isJsonObject(delta)) return [];
    if (delta.type === "text_delta" && typeof delta.text === "string") return [this.chunk({ content: delta.text })];
    if (delta.type !== "input_json_delta" || typeof delta.partial_json !== "string" || delta.partial_json === "") return [];
    const index = typeof blockIndex === "number" ? this.toolIndexByBlock.get(blockIndex) : undefined;
    if (index === undefined) return [];
    return [this.chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
  }

  private chunk(delta: JsonObject, finishReason: string | null = null): string {
    return JSON.stringify({ ...this.envelope(), choices: [{ index: 0, delta, finish_reason: finishReason }] });
  }

  private usageChunk(): string {
    return JSON.stringify({ ...this.envelope(), choices: [], usage: toOpenAIUsage(this.usage) });
  }

  private envelope() {
    return { id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model };
  }

  private finish(payloads: string[]): string[] {
    this.finished = true;
    return [...payloads, "[DONE]"];
  }
}

export function createChatStreamTranslator(now: () => number = Date.now): StreamTranslator {
  return new ChatStreamTranslator(Math.floor(now() / 1000));
}
