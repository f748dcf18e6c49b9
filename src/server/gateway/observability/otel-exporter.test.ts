import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { startFakeCollector, spansOf, type FakeCollector } from "../testing/fake-collector";
import { OtelExporter } from "./otel-exporter";
import type { FinishedRequest } from "./request-observer";

let collector: FakeCollector;
afterEach(async () => {
  await collector.close();
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
    expect(collector.received[0].headers["x-auth"]).toBe("a");
    const [span] = spansOf(collector.received[0].body);
    expect(span.name).toBe("embeddings text-embedding-3-small");
    expect(span.startTimeUnixNano).toBe("1700000000123000000");
    expect(span.endTimeUnixNano).toBe("1700000000456000000");
    expect(span.resource).toMatchObject({ "service.name": "unit", "openinference.project.name": "p" });
    expect(span.attributes).toMatchObject({ "openinference.span.kind": "EMBEDDING", "llm.model_name": "text-embedding-3-small", "gen_ai.operation.name": "embeddings" });
    await sink.close();
  });

  it("says in the gateway's log when the collector refuses spans, with how many were lost", async () => {
    const { exporter: sink, warnings } = await exporter();
    collector.statuses.push(400);
    sink.finished(request);
    sink.finished({ ...request, requestId: "req-2" });
    // The SDK's flush rejects with the export's error; the gateway's close catches it (RequestObservers).
    await expect(sink.flush()).rejects.toThrow("Bad Request");
    expect(warnings).toHaveLength(1);
    expect(warnings[0][0]).toMatchObject({ callback: "otel", lost: 2 });
    await sink.close();
  });
});
