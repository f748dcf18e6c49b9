import { OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { createOtlpHttpExportDelegate, httpAgentFactoryFromOptions } from "@opentelemetry/otlp-exporter-base/node-http";
import { JsonTraceSerializer, ProtobufTraceSerializer, type IExportTraceServiceResponse, type ISerializer } from "@opentelemetry/otlp-transformer";
import type { ExportResult } from "@opentelemetry/core";

/** A batch of spans already encoded as an OTLP ExportTraceServiceRequest body. */
export interface EncodedSpans {
  bytes: Uint8Array;
  count: number;
}

/** Where batches go: the OTLP/HTTP exporter, or a test's stand-in. */
export interface SpanTransport {
  export(spans: EncodedSpans, done: (result: ExportResult) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * OTLP over HTTP (protobuf, or JSON), to one URL with exactly these headers, by the SDK's export
 * delegate (timeouts, retries with backoff, a bound on exports in flight). Batches arrive encoded
 * (otlp-span-encoder.ts), so its serializer only hands the bytes on and reads the response.
 * The package's OTLPTraceExporter is this same delegate, but it also merges the process's
 * OTEL_EXPORTER_OTLP_* variables into every exporter: the `otel` collector's headers would go to
 * Langfuse or Arize too. Here the config (compile-callbacks.ts) has read those variables already,
 * for the `otel` exporter alone.
 */
export function otlpTraceExporter(url: string, headers: Readonly<Record<string, string>>, protocol: "http/protobuf" | "http/json"): SpanTransport {
  const json = protocol === "http/json";
  const serializer: ISerializer<EncodedSpans, IExportTraceServiceResponse> = {
    serializeRequest: (spans) => spans.bytes,
    deserializeResponse: (data) => (json ? JsonTraceSerializer : ProtobufTraceSerializer).deserializeResponse(data),
  };
  const delegate = createOtlpHttpExportDelegate(
    {
      url,
      headers: async () => ({ ...headers, "Content-Type": json ? "application/json" : "application/x-protobuf" }),
      agentFactory: httpAgentFactoryFromOptions({ keepAlive: true }),
      timeoutMillis: 10_000,
      concurrencyLimit: 30,
      compression: "none",
    },
    serializer,
    "otlp_http_span_exporter",
    { name: "span", countItems: (spans) => spans.count },
    undefined,
  );
  return new OTLPExporterBase<EncodedSpans>(delegate);
}
