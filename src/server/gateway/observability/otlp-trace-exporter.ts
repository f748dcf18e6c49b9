import { OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { createOtlpHttpExportDelegate, httpAgentFactoryFromOptions } from "@opentelemetry/otlp-exporter-base/node-http";
import { JsonTraceSerializer, ProtobufTraceSerializer, TraceExporterMetricsHelper } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * OTLP over HTTP (protobuf, or JSON), to one URL with exactly these headers. The package's OTLPTraceExporter is
 * this same delegate, but it also merges the process's OTEL_EXPORTER_OTLP_* variables into every
 * exporter: the `otel` collector's headers would go to Langfuse or Arize too. Here the config
 * (compile-callbacks.ts) has read those variables already, for the `otel` exporter alone.
 */
export function otlpTraceExporter(url: string, headers: Readonly<Record<string, string>>, protocol: "http/protobuf" | "http/json"): SpanExporter {
  const json = protocol === "http/json";
  const delegate = createOtlpHttpExportDelegate(
    {
      url,
      headers: async () => ({ ...headers, "Content-Type": json ? "application/json" : "application/x-protobuf" }),
      agentFactory: httpAgentFactoryFromOptions({ keepAlive: true }),
      timeoutMillis: 10_000,
      concurrencyLimit: 30,
      compression: "none",
    },
    // Protobuf is also the cheaper: written straight from the spans, where JSON first builds an object tree.
    json ? JsonTraceSerializer : ProtobufTraceSerializer,
    "otlp_http_span_exporter",
    TraceExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase<ReadableSpan[]>(delegate);
}
