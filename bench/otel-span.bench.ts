import { bench, describe } from "vitest";
import { silentLogger } from "../src/server/log";
import { genAiSpan } from "../src/server/gateway/observability/gen-ai-span";
import { OtelExporter } from "../src/server/gateway/observability/otel-exporter";
import type { EncodedSpans, SpanTransport } from "../src/server/gateway/observability/otlp-trace-exporter";
import type { FinishedRequest } from "../src/server/gateway/observability/request-observer";
import { testDeployment } from "../src/server/gateway/testing/builders";

// What the otel callback costs one request, in process, apart from the network: the attributes,
// the span encoded into its batch (protobuf, or the SDK's JSON), and the batching.

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

/** Takes each encoded batch, as the OTLP/HTTP exporter would, and drops it. */
class DroppingTransport implements SpanTransport {
  bytes = 0;
  export(spans: EncodedSpans, done: (result: { code: number }) => void): void {
    this.bytes += spans.bytes.length;
    done({ code: 0 });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const exporterWith = (protocol: "http/protobuf" | "http/json") =>
  new OtelExporter(
    {
      kind: "otlp",
      name: "otel",
      flavour: "otel",
      events: { success: true, failure: true },
      url: "http://127.0.0.1:1/v1/traces",
      protocol,
      headers: {},
      serviceName: "bench",
      resourceAttributes: {},
    },
    { log: silentLogger(), logMessages: false, transport: new DroppingTransport(), batch: { maxQueueSize: 100_000, maxExportBatchSize: 512, scheduledDelayMillis: 50 } },
  );
const protobufExporter = exporterWith("http/protobuf");
const jsonExporter = exporterWith("http/json");

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
