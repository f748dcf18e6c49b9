import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { startFakeCollector, type FakeCollector } from "../testing/fake-collector";
import { GenericApiExporter, type GenericApiOptions } from "./generic-api-exporter";
import type { FinishedRequest } from "./request-observer";

let collector: FakeCollector;
afterEach(async () => {
  await collector.close();
});

function finished(index: number): FinishedRequest {
  return {
    requestId: `req-${index}`,
    operation: "chat",
    model: "gpt-4o",
    status: "success",
    statusCode: 200,
    startTime: 1_000,
    endTime: 1_250,
    streamed: false,
    attemptedFallbacks: 0,
    body: { model: "gpt-4o", messages: [{ role: "user", content: "private words" }] },
  };
}

async function exporter(options: Partial<GenericApiOptions> = {}): Promise<{ exporter: GenericApiExporter; warnings: unknown[] }> {
  collector = await startFakeCollector();
  const warnings: unknown[] = [];
  const log = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
  const made = new GenericApiExporter(
    { kind: "generic_api", name: "generic_api", events: { success: true, failure: true }, url: `${collector.url}/hook`, headers: { "x-token": "t" } },
    { log, logMessages: false, retryDelaysMs: [10, 10], ...options },
  );
  return { exporter: made, warnings };
}

describe("GenericApiExporter", () => {
  it("queues on the request path and sends batches of batchSize, in order, as LiteLLM's JSON array", async () => {
    const { exporter: sink } = await exporter({ batchSize: 2 });
    for (let i = 0; i < 5; i++) sink.finished(finished(i));
    expect(collector.received).toEqual([]);
    await sink.close();
    const batches = collector.received.map((entry) => (entry.body as { id: string }[]).map((record) => record.id));
    expect(batches).toEqual([["req-0", "req-1"], ["req-2", "req-3"], ["req-4"]]);
    expect(collector.received[0].headers["x-token"]).toBe("t");
    expect((collector.received[0].body as unknown[])[0]).toMatchObject({ startTime: 1, endTime: 1.25, response_time: 0.25, messages: null });
    expect(JSON.stringify(collector.received)).not.toContain("private words");
  });

  it("retries a batch after 5xx with backoff, and gives up (counting the drop) when every try fails", async () => {
    const { exporter: sink, warnings } = await exporter();
    collector.statuses.push(503, 503, 503);
    sink.finished(finished(1));
    await sink.close();
    expect(collector.received).toHaveLength(3);
    expect(sink.dropped).toBe(1);
    expect(warnings.some((warning) => JSON.stringify(warning).includes("records dropped"))).toBe(true);
  });

  it("does not retry a batch the receiver refused with a 4xx", async () => {
    const { exporter: sink } = await exporter();
    collector.statuses.push(400);
    sink.finished(finished(1));
    await sink.close();
    expect(collector.received).toHaveLength(1);
    expect(sink.dropped).toBe(1);
  });

  it("drops what exceeds its bounded queue instead of holding it, and warns once", async () => {
    const { exporter: sink, warnings } = await exporter({ maxQueue: 2, batchSize: 100 });
    for (let i = 0; i < 5; i++) sink.finished(finished(i));
    expect(sink.dropped).toBe(3);
    expect(warnings).toHaveLength(1);
    await sink.close();
    expect((collector.received[0].body as unknown[]).length).toBe(2);
  });

  it("sends the prompt and the whole answer when message logging is on", async () => {
    const { exporter: sink } = await exporter({ logMessages: true });
    sink.finished({ ...finished(1), answer: { id: "chatcmpl-1", choices: [{ message: { role: "assistant", content: "reply words" } }] } });
    await sink.close();
    expect(collector.received[0].body).toMatchObject([
      { messages: [{ role: "user", content: "private words" }], response: { id: "chatcmpl-1", choices: [{ message: { content: "reply words" } }] }, response_id: "chatcmpl-1" },
    ]);
  });
});
