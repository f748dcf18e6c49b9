import type { Logger } from "pino";
import { ExportResultCode, getNumberFromEnv } from "@opentelemetry/core";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { OtlpCallback } from "../../config/types";
import { addFlavour } from "./flavours";
import { genAiSpan } from "./gen-ai-span";
import { otlpTraceExporter, type SpanTransport } from "./otlp-trace-exporter";
import type { FinishedRequest, RequestObserver } from "./request-observer";
import { spanBatch, type SpanBatch } from "./span-batch";

const scopeName = "switchyard";

/** When a batch goes: the SDK's BatchSpanProcessor's settings, with its defaults and OTEL_BSP_* variables. */
export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
}

function batchSettingsFromEnvironment(): BatchSettings {
  return {
    maxQueueSize: getNumberFromEnv("OTEL_BSP_MAX_QUEUE_SIZE") ?? 2048,
    maxExportBatchSize: getNumberFromEnv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE") ?? 512,
    scheduledDelayMillis: getNumberFromEnv("OTEL_BSP_SCHEDULE_DELAY") ?? 5000,
  };
}

export interface OtelExporterOptions {
  log: Logger;
  logMessages: boolean;
  /** Tests: another transport, or a shorter batch delay. */
  transport?: SpanTransport;
  batch?: Partial<BatchSettings>;
}

/**
 * `otel`, `langfuse`, `arize`, `arize_phoenix`: one span per request, exported over OTLP/HTTP in
 * batches, as the SDK's BatchSpanProcessor would (size, delay and queue bound from OTEL_BSP_*).
 * The request path only queues the finished request; on the next turn of the event loop its span
 * is made and encoded into the batch at once (otlp-span-encoder.ts), so no span object outlives
 * its request, and a full batch, or the delay, sends it in the background.
 */
export class OtelExporter implements RequestObserver {
  readonly name: string;
  readonly events: OtlpCallback["events"];
  private readonly transport: SpanTransport;
  private readonly batch: SpanBatch;
  private readonly settings: BatchSettings;
  private pending: FinishedRequest[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The first failed export since the last flush: flush reports it. */
  private failure: Error | undefined;
  private dropped = 0;
  private lastDropWarning = 0;
  private lost = 0;
  private lastLossWarning = 0;

  constructor(
    private readonly callback: OtlpCallback,
    private readonly options: OtelExporterOptions,
  ) {
    this.name = callback.name;
    this.events = callback.events;
    this.transport = options.transport ?? otlpTraceExporter(callback.url, callback.headers, callback.protocol);
    this.settings = { ...batchSettingsFromEnvironment(), ...options.batch };
    this.batch = spanBatch(callback.protocol, { ...callback.resourceAttributes, [ATTR_SERVICE_NAME]: callback.serviceName }, scopeName);
  }

  finished(request: FinishedRequest): void {
    if (this.pending.length + this.batch.count >= this.settings.maxQueueSize) {
      this.drop();
      return;
    }
    this.pending.push(request);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const requests = this.pending;
    this.pending = [];
    for (const request of requests) {
      try {
        this.record(request);
      } catch (error) {
        this.options.log.error({ err: error, callback: this.name, requestId: request.requestId }, "could not make a span of a request");
      }
      if (this.batch.count >= this.settings.maxExportBatchSize) this.send();
    }
    if (this.batch.count > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.send(), this.settings.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  private record(request: FinishedRequest): void {
    const withContents = this.options.logMessages;
    const span = genAiSpan(request, withContents);
    addFlavour(this.callback.flavour, request, withContents, span.attributes);
    this.batch.add(span, request.startTime, request.endTime);
  }

  /** Sends the batch as it is, in the background. */
  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const count = this.batch.count;
    if (count === 0) return;
    const spans = { bytes: this.batch.take(), count };
    const sent = new Promise<void>((resolve) => {
      this.transport.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) this.exportFailed(count, result.error ?? new Error("export failed"));
        this.batch.recycle(spans.bytes);
        resolve();
      });
    });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
  }

  /**
   * The SDK reports a failed export only to its diagnostic logger, which is silent unless set up:
   * here the gateway's log says it, at most once a minute, with the spans lost since.
   */
  private exportFailed(count: number, error: Error): void {
    this.lost += count;
    this.failure ??= error;
    const now = Date.now();
    if (now - this.lastLossWarning < 60_000) return;
    this.lastLossWarning = now;
    this.options.log.warn({ err: error, callback: this.name, url: this.callback.url, lost: this.lost }, "callback could not export spans");
  }

  private drop(): void {
    this.dropped++;
    const now = Date.now();
    if (now - this.lastDropWarning < 60_000) return;
    this.lastDropWarning = now;
    this.options.log.warn({ callback: this.name, dropped: this.dropped }, "callback is behind: spans dropped rather than held");
  }

  /** Sends what is queued and batched now, and waits for every export in flight; rejects with the first that failed since the last flush. */
  async flush(): Promise<void> {
    this.drain();
    this.send();
    await Promise.all(this.inFlight);
    await this.transport.forceFlush();
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  /** Spans still waiting are sent before the gateway stops. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.transport.shutdown();
    }
  }
}
