import { isJsonObject, type AnthropicUsage } from "../providers/anthropic-stream";
import type { JsonObject } from "../providers/types";
import { messageId, toAnthropicUsage, toolUseId, toStopReason, type StopReason } from "./translate-response";

/** One Anthropic server-sent event: `event: <event>` and its `data:` object. */
export interface MessagesStreamEvent {
  event: string;
  data: JsonObject;
}

/** Events as the text of an SSE stream. */
export function formatSseEvents(events: readonly MessagesStreamEvent[]): string {
  return events.map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
}

function streamEvent(data: JsonObject & { type: string }): MessagesStreamEvent {
  return { event: data.type, data };
}

/** A content block that could not be streamed as it came: its pieces, joined when it is emitted. */
interface HeldBlock {
  kind: "text" | "tool";
  toolIndex?: number;
  id?: string;
  name?: string;
  parts: string[];
}

type LiveBlock = { index: number; kind: "text" } | { index: number; kind: "tool"; toolIndex: number };

/**
 * OpenAI `chat.completion.chunk` payloads in, Anthropic Messages stream events out, for one answer.
 *
 * Anthropic streams one content block at a time and never reopens one, while Chat Completions
 * may interleave tool calls by index (and text with them). So text streams live until a tool call
 * starts; that first tool call then streams live and stays open to the end, and anything else that
 * arrives meanwhile (other tool calls, more text) is held and emitted whole, in first-seen order,
 * once the finish_reason arrives. Upstream OpenAI sends tool calls one after another, so in
 * practice only the second and later calls of one answer wait.
 */
export class ChatToMessagesStream {
  private started = false;
  private ended = false;
  private nextIndex = 0;
  private live: LiveBlock | undefined;
  private readonly held: HeldBlock[] = [];
  private readonly heldTools = new Map<number, HeldBlock>();
  /** Tool call indexes whose block has been emitted and closed. */
  private readonly closedTools = new Set<number>();
  private sawToolCall = false;
  private refused = false;
  private stop: StopReason | undefined;
  private currentUsage: AnthropicUsage = toAnthropicUsage(undefined);

  constructor(private readonly requestedModel: string) {}

  /** What the upstream reported so far (final once the stream has ended), for spend. */
  get usage(): AnthropicUsage {
    return { ...this.currentUsage };
  }

  /** The events for one upstream `data:` payload: a parsed chunk, or the text `[DONE]`. */
  push(chunk: unknown): MessagesStreamEvent[] {
    if (this.ended) return [];
    if (chunk === "[DONE]") return this.finish();
    if (!isJsonObject(chunk)) return [];
    if (isJsonObject(chunk.error)) {
      const message = typeof chunk.error.message === "string" ? chunk.error.message : "The upstream stream failed.";
      return this.fail(message);
    }
    const events = this.start(chunk.id);
    if (isJsonObject(chunk.usage)) this.currentUsage = toAnthropicUsage(chunk.usage);
    const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c) => isJsonObject(c) && (c.index ?? 0) === 0) : undefined;
    if (isJsonObject(choice)) events.push(...this.choice(choice));
    // OpenAI sends usage in a chunk of its own after the finish_reason; some servers send both at once.
    if (this.stop && isJsonObject(chunk.usage)) events.push(...this.finish());
    return events;
  }

  /**
   * The upstream stream closed. After a finish_reason this completes the message; without one the
   * answer was cut off, which the client must not mistake for a complete one: an error event.
   */
  end(): MessagesStreamEvent[] {
    if (this.ended) return [];
    return this.stop ? this.finish() : this.fail("The upstream stream ended before the answer was complete.");
  }

  private start(chatId: unknown): MessagesStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const message = {
      id: messageId(chatId),
      type: "message",
      role: "assistant",
      model: this.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // A placeholder: Chat Completions reports usage only at the end, and message_delta carries it.
      usage: { ...this.currentUsage },
    };
    return [streamEvent({ type: "message_start", message }), streamEvent({ type: "ping" })];
  }

  private choice(choice: JsonObject): MessagesStreamEvent[] {
    const events: MessagesStreamEvent[] = [];
    const delta = isJsonObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === "string") events.push(...this.text(delta.content));
    if (typeof delta.refusal === "string" && delta.refusal !== "") {
      this.refused = true;
      events.push(...this.text(delta.refusal));
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isJsonObject(call)) events.push(...this.toolCall(call));
    }
    if (typeof choice.finish_reason === "string") {
      this.stop = toStopReason(choice.finish_reason, choice.stop_reason, this.sawToolCall);
      events.push(...this.closeBlocks());
    }
    return events;
  }

  private text(text: string): MessagesStreamEvent[] {
    if (text === "") return [];
    if (this.live?.kind === "tool") {
      const last = this.held.at(-1);
      if (last?.kind === "text") last.parts.push(text);
      else this.held.push({ kind: "text", parts: [text] });
      return [];
    }
    const events = this.live ? [] : this.openBlock({ type: "text", text: "" }, undefined);
    return [...events, this.delta({ type: "text_delta", text })];
  }

  private toolCall(call: JsonObject): MessagesStreamEvent[] {
    this.sawToolCall = true;
    const toolIndex = typeof call.index === "number" ? call.index : 0;
    const fn = isJsonObject(call.function) ? call.function : {};
    const id = typeof call.id === "string" && call.id !== "" ? call.id : undefined;
    const name = typeof fn.name === "string" && fn.name !== "" ? fn.name : undefined;
    const argumentsPart = typeof fn.arguments === "string" ? fn.arguments : "";
    // A fragment after its block closed (past the finish_reason) has nowhere to go.
    if (this.closedTools.has(toolIndex)) return [];
    if (this.live?.kind === "tool" && this.live.toolIndex !== toolIndex) {
      this.hold(toolIndex, id, name, argumentsPart);
      return [];
    }
    const events = this.live?.kind === "tool" ? [] : [...this.closeLive(), ...this.openBlock({ type: "tool_use", id: toolUseId(id), name: name ?? "", input: {} }, toolIndex)];
    if (argumentsPart !== "") events.push(this.delta({ type: "input_json_delta", partial_json: argumentsPart }));
    return events;
  }

  private hold(toolIndex: number, id: string | undefined, name: string | undefined, argumentsPart: string): void {
    let block = this.heldTools.get(toolIndex);
    if (!block) {
      block = { kind: "tool", toolIndex, parts: [] };
      this.heldTools.set(toolIndex, block);
      this.held.push(block);
    }
    block.id ??= id;
    block.name ??= name;
    if (argumentsPart !== "") block.parts.push(argumentsPart);
  }

  private openBlock(contentBlock: JsonObject, toolIndex: number | undefined): MessagesStreamEvent[] {
    const index = this.nextIndex++;
    this.live = toolIndex === undefined ? { index, kind: "text" } : { index, kind: "tool", toolIndex };
    return [streamEvent({ type: "content_block_start", index, content_block: contentBlock })];
  }

  private delta(delta: JsonObject): MessagesStreamEvent {
    return streamEvent({ type: "content_block_delta", index: this.live?.index, delta });
  }

  private closeLive(): MessagesStreamEvent[] {
    if (!this.live) return [];
    const { index } = this.live;
    if (this.live.kind === "tool") this.closedTools.add(this.live.toolIndex);
    this.live = undefined;
    return [streamEvent({ type: "content_block_stop", index })];
  }

  /** Closes the live block and emits the held ones whole. */
  private closeBlocks(): MessagesStreamEvent[] {
    const events = this.closeLive();
    for (const block of this.held) {
      const text = block.parts.join("");
      if (block.kind === "text") {
        events.push(...this.openBlock({ type: "text", text: "" }, undefined), this.delta({ type: "text_delta", text }));
      } else {
        events.push(...this.openBlock({ type: "tool_use", id: toolUseId(block.id), name: block.name ?? "", input: {} }, block.toolIndex));
        if (text !== "") events.push(this.delta({ type: "input_json_delta", partial_json: text }));
      }
      events.push(...this.closeLive());
    }
    for (const toolIndex of this.heldTools.keys()) this.closedTools.add(toolIndex);
    this.held.length = 0;
    this.heldTools.clear();
    return events;
  }

  private finish(): MessagesStreamEvent[] {
    const events = [...this.start(undefined), ...this.closeBlocks()];
    const stop = this.stop ?? toStopReason(undefined, undefined, this.sawToolCall);
    this.ended = true;
    return [
      ...events,
      streamEvent({
        type: "message_delta",
        delta: { stop_reason: this.refused ? "refusal" : stop.stop_reason, stop_sequence: stop.stop_sequence },
        usage: { ...this.currentUsage },
      }),
      streamEvent({ type: "message_stop" }),
    ];
  }

  private fail(message: string): MessagesStreamEvent[] {
    this.ended = true;
    return [streamEvent({ type: "error", error: { type: "api_error", message } })];
  }
}
