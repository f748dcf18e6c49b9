import type { Logger } from "pino";
import type { GenericApiCallback } from "../../config/types";
import { genericApiPayload } from "./generic-api-payload";
import type { FinishedRequest, RequestObserver } from "./request-observer";

export interface GenericApiOptions {
  log: Logger;
  logMessages: boolean;
  fetch?: typeof fetch;
  /** LiteLLM's batch logger defaults: 512 records or every 5 seconds, whichever comes first. */
  batchSize?: number;
  flushIntervalMs?: number;
  /** Records held while the receiver is slow or down; past it new ones are dropped and counted. */
  maxQueue?: number;
  /** Delays between tries of one batch (5xx, 429, 408, a network error); then it is dropped. */
  retryDelaysMs?: readonly number[];
}

const defaultRetryDelaysMs = [500, 1_000, 2_000, 4_000, 8_000];

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * LiteLLM's `generic_api`: finished requests as a JSON array POSTed to GENERIC_LOGGER_ENDPOINT.
 * The request path only appends LiteLLM's record (a dozen fields already at hand) to a bounded queue; one batch is in flight at a time, retried
 * with backoff; a full queue drops new records, counted and warned about, never waited on.
 */
export class GenericApiExporter implements RequestObserver {
  readonly name: string;
  readonly events: GenericApiCallback["events"];
  private queue: Record<string, unknown>[] = [];
  private sending: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly fetch: typeof fetch;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly retryDelaysMs: readonly number[];
  private closing = false;
  /** Records dropped since start: the queue was full, or a batch failed every try. */
  dropped = 0;
  private lastDropWarning = 0;

  constructor(
    private readonly callback: GenericApiCallback,
    private readonly options: GenericApiOptions,
  ) {
    this.name = callback.name;
    this.events = callback.events;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.batchSize = options.batchSize ?? 512;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
    this.timer = setInterval(() => this.kick(), options.flushIntervalMs ?? 5_000);
    this.timer.unref();
  }

  finished(request: FinishedRequest): void {
    if (this.queue.length >= this.maxQueue) {
      this.drop(1, "queue full");
      return;
    }
    // The record, not the request: a queue that waits on a slow receiver must not hold every
    // request's body and answer (only those it will send, with message logging on).
    this.queue.push(genericApiPayload(request, this.options.logMessages));
    if (this.queue.length >= this.batchSize) setImmediate(() => this.kick());
  }

  /** Starts sending what is queued, unless a send is under way (it goes on to the rest itself). */
  private kick(): void {
    if (this.sending || this.queue.length === 0) return;
    this.sending = this.sendAll().finally(() => {
      this.sending = undefined;
    });
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      await this.sendBatch(batch);
      if (!this.closing && this.queue.length < this.batchSize) return;
    }
  }

  private async sendBatch(batch: Record<string, unknown>[]): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(batch);
    } catch (error) {
      this.options.log.error({ err: error, callback: this.name }, "generic_api: could not serialise a batch");
      this.drop(batch.length, "unserialisable");
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(body);
      if (outcome === "sent") return;
      const delay = this.retryDelaysMs[attempt];
      if (outcome === "refused" || delay === undefined) {
        this.drop(batch.length, outcome === "refused" ? "refused by the receiver" : "receiver unavailable");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }

  private async post(body: string): Promise<"sent" | "retry" | "refused"> {
    try {
      const response = await this.fetch(this.callback.url, {
        method: "POST",
        headers: { ...this.callback.headers, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      if (response.ok) return "sent";
      this.options.log.warn({ callback: this.name, status: response.status }, "generic_api: the receiver refused a batch");
      return isRetryable(response.status) ? "retry" : "refused";
    } catch (error) {
      this.options.log.warn({ err: error, callback: this.name }, "generic_api: could not reach the receiver");
      return "retry";
    }
  }

  private drop(count: number, reason: string): void {
    this.dropped += count;
    const now = Date.now();
    if (now - this.lastDropWarning < 60_000) return;
    this.lastDropWarning = now;
    this.options.log.warn({ callback: this.name, dropped: this.dropped, reason }, "generic_api: records dropped");
  }

  /** Sends everything queued (with its retries) before the gateway stops. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.sending;
    if (this.queue.length > 0) await this.sendAll();
  }

  /** Tests: send what is queued now. */
  async flush(): Promise<void> {
    this.kick();
    await this.sending;
  }
}
