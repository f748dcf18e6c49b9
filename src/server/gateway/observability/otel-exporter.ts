import type { Logger } from "pino";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor, RandomIdGenerator, type BufferConfig, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { ExportResultCode } from "@opentelemetry/core";
import type { OtlpCallback } from "../../config/types";
import { addFlavour } from "./flavours";
import { FinishedSpan } from "./finished-span";
import { genAiSpan } from "./gen-ai-span";
import { otlpTraceExporter } from "./otlp-trace-exporter";
import type { FinishedRequest, RequestObserver } from "./request-observer";

const scope = { name: "switchyard" };

/** Finished requests waiting for their spans: past this, new ones are dropped (and counted) rather than held. */
const maxPending = 4_096;

export interface OtelExporterOptions {
  log: Logger;
  logMessages: boolean;
  /** Tests: another exporter, or a shorter batch delay. */
  exporter?: SpanExporter;
  batch?: BufferConfig;
}

/**
 * `otel`, `langfuse`, `arize`, `arize_phoenix`: one span per request, exported over OTLP/HTTP by the
 * SDK's BatchSpanProcessor. The request path only queues the finished request; spans are built
 * on the next turn of the event loop, a batch at a time, handed to the processor as ended spans
 * (finished-span.ts), and sent in the background.
 */
export class OtelExporter implements RequestObserver {
  readonly name: string;
  readonly events: OtlpCallback["events"];
  private readonly processor: BatchSpanProcessor;
  private readonly resource: Resource;
  private readonly ids = new RandomIdGenerator();
  private pending: FinishedRequest[] = [];
  private scheduled = false;
  private dropped = 0;
  private lastDropWarning = 0;

  constructor(
    private readonly callback: OtlpCallback,
    private readonly options: OtelExporterOptions,
  ) {
    this.name = callback.name;
    this.events = callback.events;
    const exporter = reportingFailures(options.exporter ?? otlpTraceExporter(callback.url, callback.headers, callback.protocol), callback, options.log);
    this.resource = resourceFromAttributes({ ...callback.resourceAttributes, [ATTR_SERVICE_NAME]: callback.serviceName });
    this.processor = new BatchSpanProcessor(exporter, options.batch);
  }

  finished(request: FinishedRequest): void {
    if (this.pending.length >= maxPending) {
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
    const batch = this.pending;
    this.pending = [];
    for (const request of batch) {
      try {
        this.record(request);
      } catch (error) {
        this.options.log.error({ err: error, callback: this.name, requestId: request.requestId }, "could not make a span of a request");
      }
    }
  }

  private record(request: FinishedRequest): void {
    const withContents = this.options.logMessages;
    const span = genAiSpan(request, withContents);
    addFlavour(this.callback.flavour, request, withContents, span.attributes);
    const ids = { traceId: this.ids.generateTraceId(), spanId: this.ids.generateSpanId() };
    this.processor.onEnd(new FinishedSpan(span, request.startTime, request.endTime, ids, this.resource, scope));
  }

  private drop(): void {
    this.dropped++;
    const now = Date.now();
    if (now - this.lastDropWarning < 60_000) return;
    this.lastDropWarning = now;
    this.options.log.warn({ callback: this.name, dropped: this.dropped }, "callback is behind: spans dropped rather than held");
  }

  /** Spans still waiting, then the processor's batch, are sent before the gateway stops. */
  async close(): Promise<void> {
    this.drain();
    await this.processor.shutdown();
  }

  /** Tests: send what is batched now. */
  async flush(): Promise<void> {
    this.drain();
    await this.processor.forceFlush();
  }
}

/**
 * The SDK reports a failed export only to its diagnostic logger, which is silent unless set up:
 * here the gateway's log says it, at most once a minute, with the spans lost since.
 */
function reportingFailures(exporter: SpanExporter, callback: OtlpCallback, log: Logger): SpanExporter {
  let lost = 0;
  let lastWarning = 0;
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          lost += spans.length;
          const now = Date.now();
          if (now - lastWarning >= 60_000) {
            lastWarning = now;
            log.warn({ err: result.error, callback: callback.name, url: callback.url, lost }, "callback could not export spans");
          }
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
