import type { Attributes } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { RandomIdGenerator } from "@opentelemetry/sdk-trace-base";
import { FinishedSpan } from "./finished-span";
import type { SpanRecord } from "./gen-ai-span";
import { OtlpSpanEncoder } from "./otlp-span-encoder";

/** The spans of the next export, as they are added. */
export interface SpanBatch {
  readonly count: number;
  add(span: SpanRecord, startMs: number, endMs: number): void;
  /** The batch's ExportTraceServiceRequest body; the next batch starts empty. */
  take(): Uint8Array;
  /** The bytes `take` gave, once sent: they may be written over. */
  recycle(bytes: Uint8Array): void;
}

export function spanBatch(protocol: "http/protobuf" | "http/json", resourceAttributes: Attributes, scopeName: string): SpanBatch {
  return protocol === "http/json" ? new JsonSpanBatch(resourceFromAttributes(resourceAttributes), scopeName) : new OtlpSpanEncoder(resourceAttributes, scopeName);
}

/**
 * http/json, which an operator asks for with OTEL_EXPORTER_OTLP_PROTOCOL: spans are kept and the
 * SDK's serializer writes the batch. Protobuf, the default, is several times cheaper.
 */
class JsonSpanBatch implements SpanBatch {
  private spans: FinishedSpan[] = [];
  private readonly ids = new RandomIdGenerator();
  private readonly scope: { name: string };

  constructor(
    private readonly resource: Resource,
    scopeName: string,
  ) {
    this.scope = { name: scopeName };
  }

  get count(): number {
    return this.spans.length;
  }

  add(span: SpanRecord, startMs: number, endMs: number): void {
    const ids = { traceId: this.ids.generateTraceId(), spanId: this.ids.generateSpanId() };
    this.spans.push(new FinishedSpan(span, startMs, endMs, ids, this.resource, this.scope));
  }

  take(): Uint8Array {
    const spans = this.spans;
    this.spans = [];
    return JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
  }

  recycle(): void {}
}
