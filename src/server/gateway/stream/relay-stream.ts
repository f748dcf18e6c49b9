import { readUsage, type Usage } from "../cost/usage";
import { errorBody } from "../errors";
import type { Operation, StreamTranslator } from "../providers/types";
import type { StreamedBody } from "../providers/upstream-body";
import { SseSplitter, formatSseData, type SseEvent } from "./sse";

export interface RelayOptions {
  operation: Operation;
  translator?: StreamTranslator;
  /** Whether the client itself asked for `stream_options.include_usage`. */
  clientWantsUsage: boolean;
  /** Sees each OpenAI-shaped payload before it is sent (Responses affinity records ids here); a promise holds it back until settled. */
  onPayload?(data: string): void | Promise<void>;
  /** Called once, when the stream ends for any reason. */
  onEnd(result: { usage?: Usage; completed: boolean; error?: unknown }): void;
}

const noUsage = { usage: undefined, usageOnlyChunk: false };

/** `"usage":{` or `"usage": {` in one scan of the payload (most chunks say `"usage":null` or nothing). */
function carriesUsageObject(data: string): boolean {
  const at = data.indexOf('"usage":');
  if (at === -1) return false;
  const next = data.charCodeAt(at + 8) === 0x20 ? at + 9 : at + 8;
  return data.charCodeAt(next) === 0x7b; // {
}

/** Usage carried by one OpenAI-shaped payload, parsed only when the text can contain it. */
function usageOf(operation: Operation, data: string): { usage?: Usage; usageOnlyChunk: boolean } {
  if (operation === "chat") {
    if (!carriesUsageObject(data)) return noUsage;
    const chunk = JSON.parse(data) as { usage?: unknown; choices?: unknown[] };
    return { usage: readUsage(chunk.usage), usageOnlyChunk: Array.isArray(chunk.choices) && chunk.choices.length === 0 };
  }
  if (operation === "responses" && (data.includes('"response.completed"') || data.includes('"response.incomplete"'))) {
    const event = JSON.parse(data) as { response?: { usage?: unknown } };
    return { usage: readUsage(event.response?.usage), usageOnlyChunk: false };
  }
  return noUsage;
}

/**
 * Passes an upstream SSE stream to the client event by event, as each completes: nothing is
 * held back but an unfinished event. Usage is read on the way; the usage-only chunk the gateway
 * asked for is dropped for clients that did not ask for it. A broken upstream ends the stream
 * with an error event instead of a cut connection. `onEnd` runs exactly once, even when the
 * client leaves before the first chunk (a generator that never started would skip its cleanup).
 */
export function relayStream(upstream: StreamedBody, options: RelayOptions): AsyncGenerator<string> {
  const events = relayEvents(upstream, options);
  let started = false;
  let closedEarly = false;
  const stream: AsyncGenerator<string> = {
    [Symbol.asyncIterator]: () => stream,
    next: () => {
      if (closedEarly) return Promise.resolve({ value: undefined, done: true });
      started = true;
      return events.next();
    },
    return: (value) => {
      if (started || closedEarly) return events.return(value);
      closedEarly = true;
      upstream.destroy();
      options.onEnd({ usage: undefined, completed: false, error: undefined });
      return Promise.resolve({ value: undefined, done: true });
    },
    throw: (error) => events.throw(error),
  };
  return stream;
}

async function* relayEvents(upstream: StreamedBody, options: RelayOptions): AsyncGenerator<string> {
  const splitter = new SseSplitter();
  let usage: Usage | undefined;
  let completed = false;
  let failure: unknown;

  /**
   * One OpenAI-shaped payload: read its usage and show it to the observer. Whether the client
   * gets it, once the observer is done: a promise only when the observer returned one.
   */
  const take = (data: string): boolean | Promise<boolean> => {
    let found = noUsage as ReturnType<typeof usageOf>;
    try {
      found = usageOf(options.operation, data);
    } catch {
      // A payload we cannot parse is still the upstream's to send; we just learn no usage from it.
    }
    if (found.usage) usage = found.usage;
    const keep = !found.usageOnlyChunk || options.clientWantsUsage;
    const observed = options.onPayload?.(data);
    return observed ? observed.then(() => keep) : keep;
  };

  const render = async (events: SseEvent[]): Promise<string> => {
    let out = "";
    for (const event of events) {
      if (!options.translator) {
        const keep = take(event.data);
        if (keep === true || (keep !== false && (await keep))) out += `${event.raw}\n\n`;
        continue;
      }
      for (const data of options.translator.translate(event)) {
        const keep = take(data);
        if (keep === true || (keep !== false && (await keep))) out += formatSseData(data);
      }
    }
    return out;
  };

  try {
    for await (const chunk of upstream) {
      const out = await render(splitter.push(chunk));
      if (out !== "") yield out;
    }
    const rest = await render(splitter.flush());
    if (rest !== "") yield rest;
    completed = true;
  } catch (error) {
    failure = error;
    const message = "The upstream stream broke off before it finished";
    yield formatSseData(JSON.stringify(errorBody(message, "server_error", "upstream_stream_error")));
  } finally {
    if (!completed) upstream.destroy();
    options.onEnd({ usage, completed, error: failure });
  }
}
