import type { JsonObject, Operation } from "../providers/types";

// With message logging on, a streamed answer's text is gathered from the payloads the client gets,
// so callbacks see it as the whole answer it adds up to. Only then: it costs a parse per payload.

function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export class StreamContents {
  private text = "";
  private id: unknown;
  private model: unknown;
  private finish: unknown = null;
  private response: unknown;

  constructor(private readonly operation: Operation) {}

  readonly payload = (data: string): void => {
    if (data === "[DONE]") return;
    let event: JsonObject | undefined;
    try {
      event = objectOf(JSON.parse(data));
    } catch {
      return;
    }
    if (!event) return;
    if (this.operation === "chat") this.chat(event);
    else if (this.operation === "messages") this.messages(event);
    else if (this.operation === "responses" && (event.type === "response.completed" || event.type === "response.incomplete")) this.response = event.response;
  };

  private chat(chunk: JsonObject): void {
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    const choice = objectOf(Array.isArray(chunk.choices) ? chunk.choices[0] : undefined);
    const content = objectOf(choice?.delta)?.content;
    if (typeof content === "string") this.text += content;
    if (typeof choice?.finish_reason === "string") this.finish = choice.finish_reason;
  }

  private messages(event: JsonObject): void {
    if (event.type === "message_start") {
      const message = objectOf(event.message);
      this.id = message?.id;
      this.model = message?.model;
    } else if (event.type === "content_block_delta") {
      const delta = objectOf(event.delta);
      if (delta?.type === "text_delta" && typeof delta.text === "string") this.text += delta.text;
    } else if (event.type === "message_delta") {
      this.finish = objectOf(event.delta)?.stop_reason ?? this.finish;
    }
  }

  /** The answer the stream added up to, in the shape of a whole one (chat's, Anthropic's, or the Responses object). */
  answer(): unknown {
    if (this.operation === "responses") return this.response;
    if (this.operation === "messages") return { id: this.id, model: this.model, type: "message", role: "assistant", content: [{ type: "text", text: this.text }], stop_reason: this.finish };
    return { id: this.id, model: this.model, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: this.text }, finish_reason: this.finish }] };
  }
}

/** The route plan's payload observer, with the contents gatherer before it when there is one. */
export function withContents(observe: ((data: string) => void | Promise<void>) | undefined, contents: StreamContents | undefined) {
  if (!contents) return observe;
  return (data: string) => {
    contents.payload(data);
    return observe?.(data);
  };
}
