import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../log";
import { startFakeCollector, spansOf, type FakeCollector } from "../testing/fake-collector";
import { OtelExporter, type OtelExporterOptions } from "./otel-exporter";
import type { EncodedSpans, SpanTransport } from "./otlp-trace-exporter";
import { decodeOtlpTraces } from "../testing/otlp-proto";
import type { FinishedRequest } from "./request-observer";

let collector: FakeCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  vi.unstubAllEnvs();
});

const request: FinishedRequest = {
  requestId: "req-1",
  operation: "embeddings",
  model: "text-embedding-3-small",
  status: "success",
  statusCode: 200,
  startTime: 1_700_000_000_123,
  endTime: 1_700_000_000_456,
  streamed: false,
  attemptedFallbacks: 0,
};

async function exporter(flavour: "otel" | "phoenix" = "otel") {
  collector = await startFakeCollector();
  const warnings: unknown[][] = [];
  const log = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
  const made = new OtelExporter(
    {
      kind: "otlp",
      name: flavour,
      flavour,
      events: { success: true, failure: true },
      url: `${collector.url}/v1/traces`,
      protocol: "http/protobuf",
      headers: { "x-auth": "a" },
      serviceName: "unit",
      resourceAttributes: { "openinference.project.name": "p" },
    },
    { log, logMessages: false },
  );
  return { exporter: made, warnings };
}

describe("OtelExporter", () => {
  it("sends an ended span with the request's own start and end times, its headers, and the flavour's attributes", async () => {
    const { exporter: sink } = await exporter("phoenix");
    sink.finished(request);
    await sink.flush();
    expect(collector!.received[0].headers["x-auth"]).toBe("a");
    const [span] = spansOf(collector!.received[0].body);
    expect(span.name).toBe("embeddings text-embedding-3-small");
    expect(span.startTimeUnixNano).toBe("1700000000123000000");
    expect(span.endTimeUnixNano).toBe("1700000000456000000");
    expect(span.resource).toMatchObject({ "service.name": "unit", "openinference.project.name": "p" });
    expect(span.attributes).toMatchObject({ "openinference.span.kind": "EMBEDDING", "llm.model_name": "text-embedding-3-small", "gen_ai.operation.name": "embeddings" });
    await sink.close();
  });

  it("says in the gateway's log when the collector refuses spans, with how many were lost", async () => {
    const { exporter: sink, warnings } = await exporter();
    collector!.statuses.push(400);
    sink.finished(request);
    sink.finished({ ...request, requestId: "req-2" });
    // The SDK's flush rejects with the export's error; the gateway's close catches it (RequestObservers).
    await expect(sink.flush()).rejects.toThrow("Bad Request");
    expect(warnings).toHaveLength(1);
    expect(warnings[0][0]).toMatchObject({ callback: "otel", lost: 2 });
    await sink.close();
  });
});

/** Keeps each batch's spans, decoded, in the order they were sent. */
class RecordingTransport implements SpanTransport {
  readonly batches: { count: number; requestIds: string[] }[] = [];
  export(spans: EncodedSpans, done: (result: { code: number }) => void): void {
    const decoded = decodeOtlpTraces(spans.bytes) as { resourceSpans: { scopeSpans: { spans: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
    const requestIds = decoded.resourceSpans[0]!.scopeSpans[0]!.spans.map((span) => span.attributes.find((attribute) => attribute.key === "switchyard.request_id")!.value.stringValue!);
    this.batches.push({ count: spans.count, requestIds });
    done({ code: 0 });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function recording(batch: OtelExporterOptions["batch"], log = silentLogger()) {
  const transport = new RecordingTransport();
  const sink = new OtelExporter(
    {
      kind: "otlp",
      name: "otel",
      flavour: "otel",
      events: { success: true, failure: true },
      url: "http://127.0.0.1:1/v1/traces",
      protocol: "http/protobuf",
      headers: {},
      serviceName: "unit",
      resourceAttributes: {},
    },
    { log, logMessages: false, transport, batch },
  );
  return { sink, transport };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("OtelExporter batching (the BatchSpanProcessor's settings)", () => {
  it("sends a full batch at once and the rest after the delay, every span once and in order", async () => {
    const { sink, transport } = recording({ maxExportBatchSize: 3, scheduledDelayMillis: 50 });
    for (let index = 0; index < 7; index++) sink.finished({ ...request, requestId: `req-${index}` });
    await nextTurn();
    expect(transport.batches.map((batch) => batch.count)).toEqual([3, 3]);
    await vi.waitFor(() => expect(transport.batches).toHaveLength(3), { timeout: 2_000, interval: 10 });
    expect(transport.batches.flatMap((batch) => batch.requestIds)).toEqual(["req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6"]);
    expect(transport.batches[2]!.count).toBe(1);
    await sink.close();
  });

  it("reads OTEL_BSP_MAX_EXPORT_BATCH_SIZE and OTEL_BSP_SCHEDULE_DELAY as the SDK does", async () => {
    vi.stubEnv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2");
    vi.stubEnv("OTEL_BSP_SCHEDULE_DELAY", "60000");
    const { sink, transport } = recording(undefined);
    for (let index = 0; index < 5; index++) sink.finished({ ...request, requestId: `req-${index}` });
    await nextTurn();
    expect(transport.batches.map((batch) => batch.count)).toEqual([2, 2]);
    await sink.flush();
    expect(transport.batches.map((batch) => batch.count)).toEqual([2, 2, 1]);
    await sink.close();
  });

  it("drops spans past maxQueueSize rather than holding them, and says so once", async () => {
    const warnings: unknown[][] = [];
    const log = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
    const { sink, transport } = recording({ maxQueueSize: 4, maxExportBatchSize: 100, scheduledDelayMillis: 60_000 }, log);
    for (let index = 0; index < 10; index++) sink.finished({ ...request, requestId: `req-${index}` });
    await sink.flush();
    expect(transport.batches.flatMap((batch) => batch.requestIds)).toEqual(["req-0", "req-1", "req-2", "req-3"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toMatchObject({ callback: "otel", dropped: 1 });
    await sink.close();
  });
});
