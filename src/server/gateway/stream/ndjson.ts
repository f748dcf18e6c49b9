import { StringDecoder } from "node:string_decoder";
import { formatSseData } from "./sse";

/**
 * Cuts a newline-delimited JSON stream (Ollama's) at line ends, handing each complete line on as
 * one SSE `data:` event, so the relay and stream translators read it like any other stream. Only
 * an unfinished line is held back. The same two calls as SseSplitter.
 */
export class NdjsonSplitter {
  private pending = "";
  private readonly decoder = new StringDecoder("utf8");

  pushText(chunk: Uint8Array | string): string {
    this.pending += typeof chunk === "string" ? chunk : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const end = this.pending.lastIndexOf("\n");
    if (end === -1) return "";
    const complete = this.pending.slice(0, end);
    this.pending = this.pending.slice(end + 1);
    return asEvents(complete);
  }

  flushText(): string {
    const rest = this.pending + this.decoder.end();
    this.pending = "";
    return asEvents(rest);
  }
}

function asEvents(lines: string): string {
  let out = "";
  for (const line of lines.split("\n")) {
    const trimmed = line.trim();
    if (trimmed !== "") out += formatSseData(trimmed);
  }
  return out;
}
