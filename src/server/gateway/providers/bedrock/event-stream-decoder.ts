import { EventStreamCodec } from "@smithy/core/event-streams";
import type { SseEvent } from "../../stream/sse";
import type { StreamDecoder } from "../types";

const toUtf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
const fromUtf8 = (text: string) => Buffer.from(text, "utf8");
/** Stateless once built (its `feed` queue is not used here), so one serves every stream. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function headerString(headers: Record<string, { type: string; value: unknown }>, name: string): string | undefined {
  const header = headers[name];
  return header?.type === "string" ? (header.value as string) : undefined;
}

/**
 * `application/vnd.amazon.eventstream` in, one event per message out: `event` is its
 * `:event-type`, `data` its JSON payload. InvokeModel's `chunk` events carry the model's own event
 * (Anthropic's, here) base64-encoded in `bytes`: that is what `data` holds for them, and `event`
 * is its `type`. An exception message becomes `event: "exception"` with `{type, message}`.
 * Messages are framed by a 4-byte length; one split across chunks waits for its rest, and the
 * codec checks each message's CRCs.
 */
export class EventStreamDecoder implements StreamDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): SseEvent[] {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let buffer = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const events: SseEvent[] = [];
    while (buffer.length >= 4) {
      const length = buffer.readUInt32BE(0);
      if (length < 16) throw new Error(`Bedrock event stream: a message cannot be ${length} bytes long`);
      if (buffer.length < length) break;
      events.push(this.toEvent(buffer.subarray(0, length)));
      buffer = buffer.subarray(length);
    }
    // A copy, so a whole upstream chunk is not kept alive by a few bytes of it.
    this.pending = buffer.length === 0 ? Buffer.alloc(0) : Buffer.from(buffer);
    return events;
  }

  /** A stream that ends inside a message was cut short: the relay reports it as broken. */
  end(): SseEvent[] {
    if (this.pending.length > 0) throw new Error("Bedrock event stream ended inside a message");
    return [];
  }

  private toEvent(frame: Uint8Array): SseEvent {
    const message = codec.decode(frame);
    const headers = message.headers as Record<string, { type: string; value: unknown }>;
    const messageType = headerString(headers, ":message-type");
    const body = toUtf8(message.body);
    if (messageType !== "event") {
      const type = headerString(headers, ":exception-type") ?? headerString(headers, ":error-code") ?? "exception";
      const parsed = parseObject(body);
      const text = parsed?.message ?? parsed?.Message ?? headerString(headers, ":error-message") ?? body;
      return { event: "exception", data: JSON.stringify({ type, message: typeof text === "string" ? text : "" }), raw: "" };
    }
    const eventType = headerString(headers, ":event-type");
    if (eventType !== "chunk") return { event: eventType, data: body, raw: "" };
    const bytes = parseObject(body)?.bytes;
    const data = typeof bytes === "string" ? Buffer.from(bytes, "base64").toString("utf8") : "";
    const type = parseObject(data)?.type;
    return { event: typeof type === "string" ? type : undefined, data, raw: "" };
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
