import { bench, describe } from "vitest";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { silentLogger } from "../src/server/log";
import { genAiSpan } from "../src/server/gateway/observability/gen-ai-span";
import { OtelExporter } from "../src/server/gateway/observability/otel-exporter";
import type { FinishedRequest } from "../src/server/gateway/observability/request-observer";
import { testDeployment } from "../src/server/gateway/testing/builders";

// What the otel callback costs one request, in process, apart from the network: the attributes,
// the SDK's span, the batch processor, and OTLP's JSON encoding of the batch.

const request: FinishedRequest = {
  requestId: "req_0123456789abcdef",
  operation: "chat",
  model: "gpt-4o",
  deployment: testDeployment("d1", { apiBase: "http://127.0.0.1:9999/v1", upstreamModel: "gpt-4o" }),
  usage: { promptTokens: 12, completionTokens: 7, cachedTokens: 0, cacheCreationTokens: 0, reasoningTokens: 0, audioPromptTokens: 0, audioCompletionTokens: 0 },
  cost: 0.000123,
  status: "success",
  statusCode: 200,
  startTime: Date.now(),
  endTime: Date.now() + 3,
  streamed: false,
  attemptedFallbacks: 0,
  keyAlias: "bench",
  body: { model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }] },
  answer: { id: "chatcmpl-1", model: "gpt-4o-2024-08-06", choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }] },
};

/** Encodes each batch as the OTLP/HTTP exporter would, then drops it. */
class EncodingExporter implements SpanExporter {
  bytes = 0;
  constructor(private readonly serializer: typeof JsonTraceSerializer | typeof ProtobufTraceSerializer) {}
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    this.bytes += this.serializer.serializeRequest(spans)?.length ?? 0;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

const exporterWith = (serializer: typeof JsonTraceSerializer | typeof ProtobufTraceSerializer) =>
  new OtelExporter(
    {
      kind: "otlp",
      name: "otel",
      flavour: "otel",
      events: { success: true, failure: true },
      url: "http://127.0.0.1:1/v1/traces",
      protocol: "http/protobuf",
      headers: {},
      serviceName: "bench",
      resourceAttributes: {},
    },
    { log: silentLogger(), logMessages: false, exporter: new EncodingExporter(serializer), batch: { maxQueueSize: 100_000, maxExportBatchSize: 512, scheduledDelayMillis: 50 } },
  );
const protobufExporter = exporterWith(ProtobufTraceSerializer);
const jsonExporter = exporterWith(JsonTraceSerializer);

describe("otel callback, per request", () => {
  bench("attributes only (genAiSpan)", () => {
    genAiSpan(request, false);
  });
  bench("queued, spanned, batched and OTLP-protobuf encoded (1,000 requests)", async () => {
    for (let index = 0; index < 1_000; index++) protobufExporter.finished(request);
    await protobufExporter.flush();
  });
  bench("the same, OTLP-JSON encoded (http/json; 1,000 requests)", async () => {
    for (let index = 0; index < 1_000; index++) jsonExporter.finished(request);
    await jsonExporter.flush();
  });
});
