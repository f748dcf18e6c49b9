import { StringDecoder } from "node:string_decoder";

/** One server-sent event: its `event:` name, its joined `data:` lines, and its text as received. */
export interface SseEvent {
  event?: string;
  data: string;
  raw: string;
}

/**
 * Cuts a byte stream at SSE event boundaries as events complete. Only an unfinished event is
 * held back; everything complete in a chunk is returned at once, so nothing waits for the
 * stream's end. Whole events come back as text (`pushText`), so a relay that changes nothing can
 * pass them on without parsing them, or parsed (`push`).
 */
export class SseSplitter {
  private pending = "";
  private endedWithCr = false;
  // Node's StringDecoder, not TextDecoder: the same handling of a character split across chunks,
  // at a fifth of the cost per chunk.
  private readonly decoder = new StringDecoder("utf8");

  /** The events completed by `chunk`, as text ending in a blank line ("" when none completed); line ends become \n. */
  pushText(chunk: Uint8Array | string): string {
    let text = typeof chunk === "string" ? chunk : this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text === "") return "";
    // A CRLF split across two chunks: the CR already ended the line, so its LF must not end another.
    const skipLf = this.endedWithCr && text.startsWith("\n");
    this.endedWithCr = text.endsWith("\r");
    if (skipLf) text = text.slice(1);
    this.pending += text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
    const end = this.pending.lastIndexOf("\n\n");
    if (end === -1) return "";
    const complete = this.pending.slice(0, end + 2);
    this.pending = this.pending.slice(end + 2);
    return complete;
  }

  /** Whatever is left when the stream ends without a final blank line, completed with one ("" when only white space is left). */
  flushText(): string {
    const rest = (this.pending + this.decoder.end()).replace(/\n+$/, "");
    this.pending = "";
    return rest.trim() === "" ? "" : `${rest}\n\n`;
  }

  push(chunk: Uint8Array | string): SseEvent[] {
    return parseEvents(this.pushText(chunk));
  }

  flush(): SseEvent[] {
    return parseEvents(this.flushText());
  }
}

/** The blocks of a text of whole events, each without its blank line, in order. */
export function eventBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n", start)) {
    blocks.push(text.slice(start, end));
    start = end + 2;
  }
  return blocks;
}

/** The events in a text of whole events; comment-only blocks have none. */
export function parseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const raw of eventBlocks(text)) {
    const event = parseEvent(raw);
    if (event) events.push(event);
  }
  return events;
}

/** One block of lines: undefined when it holds only comments or fields other than `data` and `event`. */
export function parseEvent(raw: string): SseEvent | undefined {
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
