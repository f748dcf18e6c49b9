import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chatCompletion, masterKey, startHarness, type Harness } from "../testing/gateway-harness";
import { fromWebRequest } from "../adapters/web";

// The overhead a response reports is the gateway's own time: an upstream that takes 120 ms must
// not show up in it, and /metrics must count what was answered.
let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});

afterEach(async () => {
  await harness.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chat = (extra: object = {}) => ({ key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], ...extra } });
const metric = (text: string, line: RegExp) => Number(line.exec(text)?.[1] ?? Number.NaN);

describe("x-switchyard-overhead-duration-ms", () => {
  it("is on every answer, errors included, as milliseconds", async () => {
    for (const response of [
      await harness.call("POST", "/v1/chat/completions", chat()),
      await harness.call("GET", "/v1/nope"),
      await harness.call("POST", "/v1/chat/completions", { body: {} }),
    ]) {
      expect(response.headers.get("x-switchyard-overhead-duration-ms")).toMatch(/^\d+\.\d{3}$/);
    }
  });

  it("leaves out the time spent waiting on the upstream, headers and body", async () => {
    harness.answer = async () => {
      await sleep(60);
      const body = JSON.stringify(chatCompletion);
      // Headers after 60 ms, the body 60 ms later.
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: Readable.from(
          (async function* () {
            await sleep(60);
            yield Buffer.from(body);
          })(),
        ),
      };
    };
    const started = performance.now();
    const response = await harness.call("POST", "/v1/chat/completions", chat());
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(Number(response.headers.get("x-switchyard-overhead-duration-ms"))).toBeLessThan(50);
  });
});

describe("GET /metrics", () => {
  it("counts answers by route and status, with overhead and upstream histograms", async () => {
    await harness.call("POST", "/v1/chat/completions", chat());
    await harness.call("POST", "/v1/chat/completions", chat());
    await harness.call("POST", "/v1/chat/completions", chat({ model: "nope" }));
    const response = await harness.call("GET", "/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(metric(text, /^switchyard_requests_total\{route="\/v1\/chat\/completions",status="200"\} (\d+)/m)).toBe(2);
    expect(metric(text, /^switchyard_requests_total\{route="\/v1\/chat\/completions",status="404"\} (\d+)/m)).toBe(1);
    expect(metric(text, /^switchyard_overhead_duration_seconds_count\{route="\/v1\/chat\/completions"\} (\d+)/m)).toBe(3);
    expect(metric(text, /^switchyard_upstream_duration_seconds_count\{route="\/v1\/chat\/completions"\} (\d+)/m)).toBe(2);
    expect(text).not.toContain(masterKey);
  });

  it("keeps a stream in flight until its last byte", async () => {
    harness.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: Readable.from(
        (async function* () {
          yield Buffer.from(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "x" } }] })}\n\n`);
          await sleep(30);
          yield Buffer.from("data: [DONE]\n\n");
        })(),
      ),
    });
    const inFlight = async () => metric(await (await harness.call("GET", "/metrics")).text(), /^switchyard_requests_in_flight (\d+)/m);
    const response = await harness.call("POST", "/v1/chat/completions", chat({ stream: true }));
    // The scrape counts itself.
    expect(await inFlight()).toBe(2);
    await response.text();
    expect(await inFlight()).toBe(1);
  });
});

describe("a stream the client abandons before its first chunk", () => {
  it("still ends: the in-flight gauge, the deployment's lease and the spend row", async () => {
    harness.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: Readable.from([Buffer.from(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "x" } }] })}\n\ndata: [DONE]\n\n`)]),
    });
    const { ctx } = harness.gateway;
    const request = new Request("http://gateway.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
      body: JSON.stringify(chat({ stream: true }).body),
    });
    const response = await harness.gateway.handle(fromWebRequest(request));
    const deploymentId = response.headers["x-switchyard-deployment-id"];
    expect(ctx.router.healthOf(deploymentId)?.inFlight).toBe(1);
    // As the Node door does when the socket is already gone: no chunk asked for, the iterator closed.
    await (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]().return?.(undefined);
    expect(ctx.router.healthOf(deploymentId)?.inFlight).toBe(0);
    expect(ctx.spend.pendingRows).toBe(1);
    const scrape = await (await harness.call("GET", "/metrics")).text();
    // The scrape counts itself.
    expect(metric(scrape, /^switchyard_requests_in_flight (\d+)/m)).toBe(1);
  });
});
