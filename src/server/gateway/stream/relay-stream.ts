import { readUsage, type Usage } from "../pricing/usage";
import { errorBody } from "../errors";
import { StreamUsageTally } from "../messages/anthropic-usage";
import type { Operation, StreamDecoder, StreamTranslator } from "../providers/types";
import type { StreamedBody } from "../providers/upstream-body";
import { NdjsonSplitter } from "./ndjson";
import { SseSplitter, eventBlocks, formatSseData, parseEvent, parseEvents, type SseEvent } from "./sse";

export interface RelayOptions {
  operation: Operation;
  translator?: StreamTranslator;
  /** For a binary-framed upstream (Bedrock's event stream): makes the events the translator reads, instead of SSE splitting. */
  decoder?: StreamDecoder;
  /** Whether the client itself asked for `stream_options.include_usage`. */
  clientWantsUsage: boolean;
  /** Sees each OpenAI-shaped payload before it is sent (Responses affinity records ids here); a promise holds it back until settled. */
  onPayload?(data: string): void | Promise<void>;
  /** Called once, when the stream ends for any reason. */
  onEnd(result: { usage?: Usage; completed: boolean; error?: unknown }): void;
}

const noUsage = { usage: undefined, usageOnlyChunk: false };
const usageKey = '"usage":';

/** Whether a usage object (`"usage":{` or `"usage": {`) follows the `"usage":` at `at`; most chunks say `"usage":null` or nothing. */
function usageObjectAt(text: string, at: number): boolean {
  const next = at + usageKey.length;
  return text.charCodeAt(text.charCodeAt(next) === 0x20 ? next + 1 : next) === 0x7b; // {
}

/** Usage carried by one payload (OpenAI-shaped, or Anthropic's for `messages`), parsed only when the text can contain it. */
function usageOf(operation: Operation, data: string, tally: StreamUsageTally | undefined): { usage?: Usage; usageOnlyChunk: boolean } {
  if (tally) {
    const at = data.indexOf(usageKey);
    if (at === -1 || !usageObjectAt(data, at)) return noUsage;
    return { usage: tally.read(data), usageOnlyChunk: false };
  }
  if (operation === "chat") {
    const at = data.indexOf(usageKey);
    if (at === -1 || !usageObjectAt(data, at)) return noUsage;
    const chunk = JSON.parse(data) as { usage?: unknown; choices?: unknown[] };
    return { usage: readUsage(chunk.usage), usageOnlyChunk: Array.isArray(chunk.choices) && chunk.choices.length === 0 };
  }
  if (operation === "responses" && (data.includes('"response.completed"') || data.includes('"response.incomplete"'))) {
    const event = JSON.parse(data) as { response?: { usage?: unknown } };
    return { usage: readUsage(event.response?.usage), usageOnlyChunk: false };
  }
  return noUsage;
}

/** The next block of `text` from `from` on that may carry a usage object: where it starts, and where its blank line does. */
function nextUsageBlock(text: string, from: number): { start: number; end: number } | undefined {
  for (let at = text.indexOf(usageKey, from); at !== -1; at = text.indexOf(usageKey, at + usageKey.length)) {
    if (!usageObjectAt(text, at)) continue;
    const before = text.lastIndexOf("\n\n", at);
    return { start: before < from ? from : before + 2, end: text.indexOf("\n\n", at) };
  }
  return undefined;
}

/** The event Anthropic's SDKs dispatch on is named by the `event:` line, which is the payload's `type`. */
function anthropicEventName(data: string): string | undefined {
  try {
    const event: unknown = JSON.parse(data);
    const type = typeof event === "object" && event !== null ? (event as { type?: unknown }).type : undefined;
    return typeof type === "string" ? type : undefined;
  } catch {
    return undefined;
  }
}

/** The last event of a stream that broke off, in the shape the client's SDK reads errors in. */
function brokeOff(operation: Operation): string {
  const message = "The upstream stream broke off before it finished";
  if (operation === "messages") return formatSseData(JSON.stringify({ type: "error", error: { type: "api_error", message } }), "error");
  return formatSseData(JSON.stringify(errorBody(message, "server_error", "upstream_stream_error")));
}

/**
 * Passes an upstream SSE stream to the client as its events complete: nothing is held back but
 * an unfinished event. An untranslated stream goes out as received, keep-alive comments
 * included, except for the usage-only chunk the gateway asked for, which a client that did not
 * ask never sees; usage is read on the way. A broken upstream ends the stream with an error event
 * instead of a cut connection. `onEnd` runs exactly once, even when the client leaves before the
 * first chunk (a generator that never started would skip its cleanup).
 */
export function relayStream(upstream: StreamedBody, options: RelayOptions): AsyncGenerator<string> {
  return new RelayedStream(upstream, options);
}

/** A class, not an object literal: a literal's computed `[Symbol.asyncIterator]` key costs about half a microsecond per stream. */
class RelayedStream implements AsyncGenerator<string> {
  private readonly events: AsyncGenerator<string>;
  private started = false;
  private closedEarly = false;

  constructor(
    private readonly upstream: StreamedBody,
    private readonly options: RelayOptions,
  ) {
    this.events = relayEvents(upstream, options);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    if (this.closedEarly) return Promise.resolve({ value: undefined, done: true });
    this.started = true;
    return this.events.next();
  }

  return(value?: unknown): Promise<IteratorResult<string>> {
    if (this.started || this.closedEarly) return this.events.return(value);
    this.closedEarly = true;
    this.upstream.destroy();
    this.options.onEnd({ usage: undefined, completed: false, error: undefined });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<string>> {
    return this.events.throw(error);
  }
}

async function* relayEvents(upstream: StreamedBody, options: RelayOptions): AsyncGenerator<string> {
  const splitter = options.translator?.framing === "ndjson" ? new NdjsonSplitter() : new SseSplitter();
  let usage: Usage | undefined;
  let completed = false;
  let failure: unknown;
  const tally = options.operation === "messages" ? new StreamUsageTally() : undefined;
  const format = options.operation === "messages" ? (data: string) => formatSseData(data, anthropicEventName(data)) : (data: string) => formatSseData(data);

  /**
   * One OpenAI-shaped payload: read its usage and show it to the observer. Whether the client
   * gets it, once the observer is done: a promise only when the observer returned one.
   */
  const take = (data: string): boolean | Promise<boolean> => {
    let found = noUsage as ReturnType<typeof usageOf>;
    try {
      found = usageOf(options.operation, data, tally);
    } catch {
      // A payload we cannot parse is still the upstream's to send; we just learn no usage from it.
    }
    if (found.usage) usage = found.usage;
    const keep = !found.usageOnlyChunk || options.clientWantsUsage;
    const observed = options.onPayload?.(data);
    return observed ? observed.then(() => keep) : keep;
  };

  /** Chat or Messages with no observer: only blocks that carry a usage object are parsed; the text between them passes as it is. */
  const relayChat = (text: string): string => {
    let out = "";
    let from = 0;
    for (let block = nextUsageBlock(text, 0); block; block = nextUsageBlock(text, block.end + 2)) {
      const event = parseEvent(text.slice(block.start, block.end));
      if (!event || take(event.data) === true) continue;
      out += text.slice(from, block.start);
      from = block.end + 2;
    }
    return from === 0 ? text : out + text.slice(from);
  };

  /** Events translated (or, without a translator, their data as is), each payload shown to the observer. */
  const relayTranslated = async (events: SseEvent[]): Promise<string> => {
    let out = "";
    for (const event of events) {
      for (const data of options.translator ? options.translator.translate(event) : [event.data]) {
        const keep = take(data);
        if (keep === true || (keep !== false && (await keep))) out += format(data);
      }
    }
    return out;
  };

  /** Every event shown to the observer (and translated, when the provider's stream needs it). */
  const relayEach = async (text: string): Promise<string> => {
    if (options.translator) return relayTranslated(parseEvents(text));
    let out = "";
    for (const raw of eventBlocks(text)) {
      const event = parseEvent(raw);
      const keep = event ? take(event.data) : true;
      if (keep === true || (keep !== false && (await keep))) out += `${raw}\n\n`;
    }
    return out;
  };

  const passesThrough = (options.operation === "chat" || options.operation === "messages") && !options.translator && !options.onPayload;
  const relay = passesThrough ? relayChat : relayEach;
  const decoder = options.decoder;
  try {
    for await (const chunk of upstream) {
      if (decoder) {
        const events = decoder.push(chunk);
        const out = events.length === 0 ? "" : await relayTranslated(events);
        if (out !== "") yield out;
        continue;
      }
      const text = splitter.pushText(chunk);
      if (text === "") continue;
      const relayed = relay(text);
      const out = typeof relayed === "string" ? relayed : await relayed;
      if (out !== "") yield out;
    }
    let out: string;
    if (decoder) {
      out = await relayTranslated(decoder.end?.() ?? []);
    } else {
      const rest = splitter.flushText();
      out = rest === "" ? "" : await relay(rest);
    }
    for (const data of options.translator?.end?.() ?? []) {
      const keep = take(data);
      if (keep === true || (keep !== false && (await keep))) out += format(data);
    }
    if (out !== "") yield out;
    completed = true;
  } catch (error) {
    failure = error;
    yield brokeOff(options.operation);
  } finally {
    if (!completed) upstream.destroy();
    options.onEnd({ usage: options.translator?.recordedUsage?.() ?? usage, completed, error: failure });
  }
}
