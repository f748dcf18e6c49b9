import type { SseEvent } from "../../stream/sse";
import { isJsonObject } from "../anthropic-stream";
import type { JsonObject, StreamTranslator } from "../types";
import { bedrockStreamError } from "./bedrock-errors";
import { chatCompletionId, toChatUsage, toFinishReason } from "./converse-response";

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * ConverseStream events (decoded from the event stream, named by their `:event-type`) in, OpenAI
 * `chat.completion.chunk` payloads out. Usage comes last, in the `metadata` event.
 */
class ConverseStreamTranslator implements StreamTranslator {
  /** Converse numbers all content blocks; OpenAI numbers tool calls alone, from 0. */
  private readonly toolIndexByBlock = new Map<number, number>();
  private finished = false;
  /**
   * The part every chunk of this stream starts with, serialised once: a chunk is then this, its
   * delta and a closing, not a whole object built and stringified per text delta.
   */
  private readonly envelope: string;

  constructor(model: string, created: number) {
    this.envelope = `{"id":${JSON.stringify(chatCompletionId())},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)}`;
  }

  translate(event: SseEvent): string[] {
    if (this.finished) return [];
    if (event.event === "exception") return this.finish([JSON.stringify(bedrockStreamError(parse(event.data)))]);
    const data = parse(event.data);
    if (!isJsonObject(data)) return [];
    switch (event.event) {
      case "messageStart":
        return [this.chunk({ role: "assistant", content: "" })];
      case "contentBlockStart":
        return this.blockStart(data.contentBlockIndex, data.start);
      case "contentBlockDelta":
        return this.blockDelta(data.contentBlockIndex, data.delta);
      case "messageStop":
        return [this.chunk({}, toFinishReason(data.stopReason))];
      case "metadata":
        return this.finish([`${this.envelope},"choices":[],"usage":${JSON.stringify(toChatUsage(data.usage))}}`]);
      default:
        // contentBlockStop, and event types added after this was written.
        return [];
    }
  }

  /** A stream that ended without its metadata event still closes as OpenAI's do. */
  end(): string[] {
    return this.finished ? [] : this.finish([]);
  }

  private blockStart(blockIndex: unknown, start: unknown): string[] {
    const toolUse = isJsonObject(start) ? start.toolUse : undefined;
    if (!isJsonObject(toolUse) || typeof blockIndex !== "number") return [];
    const index = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(blockIndex, index);
    return [this.chunk({ tool_calls: [{ index, id: toolUse.toolUseId, type: "function", function: { name: toolUse.name, arguments: "" } }] })];
  }

  private blockDelta(blockIndex: unknown, delta: unknown): string[] {
    if (!isJsonObject(delta)) return [];
    if (typeof delta.text === "string") return [this.chunk({ content: delta.text })];
    const input = isJsonObject(delta.toolUse) ? delta.toolUse.input : undefined;
    if (typeof input !== "string" || input === "") return [];
    const index = typeof blockIndex === "number" ? this.toolIndexByBlock.get(blockIndex) : undefined;
    if (index === undefined) return [];
    return [this.chunk({ tool_calls: [{ index, function: { arguments: input } }] })];
  }

  private chunk(delta: JsonObject, finishReason: string | null = null): string {
    return `${this.envelope},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${finishReason === null ? "null" : JSON.stringify(finishReason)}}]}`;
  }

  private finish(payloads: string[]): string[] {
    this.finished = true;
    return [...payloads, "[DONE]"];
  }
}

export function createConverseStreamTranslator(model: string, now: () => number = Date.now): StreamTranslator {
  return new ConverseStreamTranslator(model, Math.floor(now() / 1000));
}
