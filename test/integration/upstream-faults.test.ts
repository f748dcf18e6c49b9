import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultUpstream, type FaultUpstream } from "./helpers/fault-upstream";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// Every way an upstream can misbehave short of a wrong answer: the client gets a clear error (or
// a stream that ends with an error event) quickly, retries go to a healthy deployment where there
// is one, and the gateway stays healthy throughout.
let upstream: FaultUpstream;
let gateway: GatewayProcess;
let key: string;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  const deployment = (group: string, base: string, apiKey: string, extra = "") =>
    `  - model_name: ${group}\n    litellm_params: { model: openai/gpt-4o, api_base: "${base}/v1", api_key: ${apiKey}${extra} }\n`;
  gateway = await startGateway({
    config: `model_list:
${deployment("refused", upstream.refusedUrl, "sk-ok")}${deployment("refused-then-ok", upstream.refusedUrl, "sk-ok")}${deployment("refused-then-ok", upstream.url, "sk-ok")}${deployment("garbage", upstream.garbageUrl, "sk-ok")}${deployment("bad-json", upstream.url, "sk-bad-json")}${deployment("drip", upstream.url, "sk-drip-8-150", ", timeout: 1")}${deployment("slow-drip", upstream.url, "sk-drip-4-1000", ", timeout: 5")}${deployment("stall", upstream.url, "sk-stall", ", timeout: 0.6")}${deployment("stall-stream-timeout", upstream.url, "sk-stall", ", timeout: 30, stream_timeout: 0.6")}
router_settings: { num_retries: 2, allowed_fails: 3, cooldown_time: 30 }
`,
  });
  key = await createKey(gateway.url);
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

async function chat(model: string, stream = false) {
  const started = performance.now();
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started, json: () => JSON.parse(text) };
}

async function expectHealthy() {
  expect((await fetch(`${gateway.url}/health/readiness`)).status).toBe(200);
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: "refused-then-ok", messages: [{ role: "user", content: "still there?" }] });
  expect(answer.choices[0].message.content).toBe("fine");
}

describe("upstream faults", () => {
  it("answers a refused connection with 502 upstream_unreachable at once", async () => {
    const answer = await chat("refused");
    expect(answer.status).toBe(502);
    expect(answer.json().error).toMatchObject({ code: "upstream_unreachable", type: "server_error" });
    expect(answer.json().error.message).toContain("ECONNREFUSED");
    expect(answer.ms).toBeLessThan(2_000);
  });

  it("retries a refused deployment on a healthy one: every request succeeds", async () => {
    for (let round = 0; round < 20; round++) expect((await chat("refused-then-ok")).status).toBe(200);
  });

  it("answers bytes that are not HTTP with a clear 502", async () => {
    const answer = await chat("garbage");
    expect(answer.status).toBe(502);
    expect(answer.json().error.code).toBe("upstream_unreachable");
    expect(answer.json().error.message).toMatch(/Upstream 127\.0\.0\.1:\d+ unreachable/);
    expect(answer.ms).toBeLessThan(2_000);
  });

  it("answers a 200 whose JSON is cut off with 502 upstream_invalid_response", async () => {
    const answer = await chat("bad-json");
    expect(answer.status).toBe(502);
    expect(answer.json().error.code).toBe("upstream_invalid_response");
  });

  it("relays a slow drip of SSE chunk by chunk, not buffered until the end", async () => {
    const started = performance.now();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "drip", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    const arrivals: number[] = [];
    let text = "";
    const decoder = new TextDecoder();
    for await (const part of response.body! as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(part, { stream: true });
      arrivals.push(performance.now() - started);
    }
    // 8 chunks 150 ms apart: the first reaches the client long before the last is sent.
    expect(arrivals[0]).toBeLessThan(600);
    expect(arrivals.at(-1)! - arrivals[0]).toBeGreaterThan(800);
    expect(text).toContain("part 7");
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("records a stream the client walked away from, and stops reading the upstream", async () => {
    const rowsFor = async () => (await manage(gateway.url, "GET", "/spend/logs?limit=500")).json.filter((row: any) => row.model === "slow-drip" && row.status === "failure").length;
    const before = await rowsFor();
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "slow-drip", stream: true, messages: [{ role: "user", content: "hi" }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read(); // the first chunk, then the client is gone
    const dripCall = upstream.requests.at(-1)!;
    controller.abort();
    const abortedAt = Date.now();
    // The gateway hangs up on the upstream at once, not when the next chunk comes a second later.
    while (!dripCall.closedEarly && Date.now() - abortedAt < 3_000) await new Promise((done) => setTimeout(done, 10));
    expect(dripCall).toMatchObject({ key: "sk-drip-4-1000", closedEarly: true });
    expect(Date.now() - abortedAt).toBeLessThan(500);
    const deadline = Date.now() + 3_000;
    while ((await rowsFor()) === before && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    expect(await rowsFor()).toBe(before + 1);
  });

  it("ends a stream that stalls past the timeout with an error event, soon after the timeout", async () => {
    const answer = await chat("stall", true);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"content":"first"');
    expect(answer.text).toContain('"code":"upstream_stream_error"');
    expect(answer.ms).toBeLessThan(3_000);
  });

  it("takes a stream's timeout from stream_timeout when the deployment sets one, as LiteLLM does", async () => {
    const answer = await chat("stall-stream-timeout", true);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"code":"upstream_stream_error"');
    expect(answer.ms).toBeLessThan(3_000);
  });

  it("times out a non-streamed call that never answers with LiteLLM's 408 naming the timeout, after the configured retries", async () => {
    const before = upstream.requests.filter((request) => request.key === "sk-stall" && !request.stream).length;
    const answer = await chat("stall");
    expect(answer.status).toBe(408);
    expect(answer.json().error.code).toBe("request_timeout");
    expect(answer.json().error.message).toMatch(/^Request timed out after 0\.6s \(timeout\)/);
    // num_retries: 2, so three attempts of 0.6 s each; undici's timers tick every 0.5 s, so each takes up to 1 s.
    expect(upstream.requests.filter((request) => request.key === "sk-stall" && !request.stream).length - before).toBe(3);
    expect(answer.ms).toBeLessThan(4_500);
  });

  it("records every failure as a spend row and stays healthy", async () => {
    await expectHealthy();
    const { json: rows } = await manage(gateway.url, "GET", "/spend/logs?limit=500");
    const failures = (model: string) => rows.filter((row: any) => row.model === model && row.status === "failure").length;
    for (const model of ["refused", "garbage", "bad-json", "stall"]) expect(failures(model)).toBeGreaterThan(0);
    expect(gateway.output()).not.toMatch(/unexpected error|uncaught|unhandled/i);
  });
});
