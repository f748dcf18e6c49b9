import type { Logger } from "pino";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type BufferConfig, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Tracer } from "@opentelemetry/api";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { OtlpCallback } from "../../config/types";
import { addFlavour } from "./flavours";
import { genAiSpan } from "./gen-ai-span";
import { otlpTraceExporter } from "./otlp-trace-exporter";
import type { FinishedRequest, RequestObserver } from "./request-observer";

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
 * on the next turn of the event loop, a batch at a time, and sent in the background.
 */
export class OtelExporter implements RequestObserver {
  readonly name: string;
  readonly events: OtlpCallback["events"];
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
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
    const exporter = options.exporter ?? otlpTraceExporter(callback.url, callback.headers, callback.protocol);
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ ...callback.resourceAttributes, [ATTR_SERVICE_NAME]: callback.serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, options.batch)],
    });
    this.tracer = this.provider.getTracer("switchyard");
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
    const live = this.tracer.startSpan(span.name, { kind: span.kind, attributes: span.attributes, startTime: request.startTime });
    live.setStatus(span.status);
    live.end(request.endTime);
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
    await this.provider.shutdown();
  }

  /** Tests: send what is batched now. */
  async flush(): Promise<void> {
    this.drain();
    await this.provider.forceFlush();
  }
}
