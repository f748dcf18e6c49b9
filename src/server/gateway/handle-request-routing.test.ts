import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PooledUpstreamClient } from "./providers/upstream-client";
import type { UpstreamRequest } from "./providers/types";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// Routing as LiteLLM does it, through the real gateway: timeouts, pre-call checks, tags by header.

let harness: Harness | undefined;
let provider: Server | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  provider?.closeAllConnections();
  provider?.close();
  provider = undefined;
});

/** A fake provider on 127.0.0.1 that takes requests and never answers them. */
async function silentProvider(): Promise<string> {
  provider = createServer(() => undefined);
  provider.listen(0, "127.0.0.1");
  await once(provider, "listening");
  return `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
}

const chat = (model: string, content = "hi", extra: object = {}) => ({ model, messages: [{ role: "user", content }], ...extra });

describe("an upstream timeout", () => {
  const config = (apiBase: string) => `
model_list:
  - model_name: slow
    litellm_params: { model: openai/gpt-4o, api_key: sk-a, api_base: "${apiBase}", timeout: 0.2, stream_timeout: 0.3 }
router_settings:
  num_retries: 0
  allowed_fails: 0
  cooldown_time: 30
general_settings:
  master_key: ${masterKey}
`;

  it("answers LiteLLM's 408 naming the timeout, and cools the deployment down", async () => {
    harness = await startHarness(4_096, { config: config(await silentProvider()), upstream: new PooledUpstreamClient(4) });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("slow") });
    expect(response.status).toBe(408);
    const body = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ type: "timeout", code: "request_timeout" });
    expect(body.error.message).toMatch(/^Request timed out after 0\.2s \(timeout\): 127\.0\.0\.1:\d+ did not answer in time$/);
    const [deployment] = harness.gateway.ctx.router.deploymentsOf("slow");
    expect(harness.gateway.ctx.router.healthOf(deployment.id)?.isCoolingDown(Date.now())).toBe(true);
    const next = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("slow") });
    expect(next.status).toBe(503);
  });

  it("names stream_timeout for a streamed call", async () => {
    harness = await startHarness(4_096, { config: config(await silentProvider()), upstream: new PooledUpstreamClient(4) });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("slow", "hi", { stream: true }) });
    expect(response.status).toBe(408);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Request timed out after 0\.3s \(stream_timeout\)/);
  });
});

describe("enable_pre_call_checks", () => {
  const config = (fallbacks: boolean) => `
model_list:
  - model_name: small
    litellm_params: { model: openai/gpt-4o, api_key: sk-small-a }
    model_info: { max_input_tokens: 100 }
  - model_name: mixed
    litellm_params: { model: openai/gpt-4o, api_key: sk-mixed-small }
    model_info: { max_input_tokens: 100 }
  - model_name: mixed
    litellm_params: { model: openai/gpt-4o, api_key: sk-mixed-large }
    model_info: { max_input_tokens: 100000 }
  - model_name: large
    litellm_params: { model: openai/gpt-4o, api_key: sk-large }
    model_info: { max_input_tokens: 100000 }
router_settings:
  enable_pre_call_checks: true
${fallbacks ? '  context_window_fallbacks: [{ "small": ["large"] }]' : ""}
general_settings:
  master_key: ${masterKey}
`;
  const long = "word ".repeat(400);
  const keyOf = (request: UpstreamRequest) => request.headers.authorization?.replace("Bearer ", "");

  it("answers an OpenAI-shaped 400 context_length_exceeded when no deployment's window is large enough", async () => {
    harness = await startHarness(65_536, { config: config(false) });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("small", long) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string; code: string; param: string } };
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "context_length_exceeded", param: "messages" });
    expect(body.error.message).toMatch(/about \d+ input tokens, more than the max_input_tokens of every deployment of "small" \(largest 100\)/);
    expect(harness.sent).toHaveLength(0);
  });

  it("skips the deployments too small for the request; short requests reach every one", async () => {
    harness = await startHarness(65_536, { config: config(false) });
    for (let index = 0; index < 6; index++) expect((await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("mixed", long) })).status).toBe(200);
    expect(new Set(harness.sent.map(keyOf))).toEqual(new Set(["sk-mixed-large"]));
    harness.sent.length = 0;
    for (let index = 0; index < 30; index++) await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("mixed") });
    expect(new Set(harness.sent.map(keyOf))).toEqual(new Set(["sk-mixed-small", "sk-mixed-large"]));
  });

  it("tries context_window_fallbacks instead of refusing", async () => {
    harness = await startHarness(65_536, { config: config(true) });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("small", long) });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBe("1");
    expect(harness.sent.map(keyOf)).toEqual(["sk-large"]);
  });
});

describe("x-litellm-tags", () => {
  it("tags a request by header, comma separated, as the body's tags do", async () => {
    harness = await startHarness(4_096, {
      config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-free, tags: ["free"] }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-paid, tags: ["paid"] }
router_settings:
  enable_tag_filtering: true
general_settings:
  master_key: ${masterKey}
`,
    });
    for (let index = 0; index < 8; index++) {
      const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("gpt-4o"), headers: { "x-litellm-tags": " enterprise , paid" } });
      expect(response.status).toBe(200);
    }
    expect(new Set(harness.sent.map((request) => request.headers.authorization))).toEqual(new Set(["Bearer sk-paid"]));
  });
});

describe("latency-based-routing", () => {
  it("measures each answer and sends the next requests to the faster deployment", async () => {
    harness = await startHarness(4_096, {
      config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-slow }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-fast }
router_settings:
  routing_strategy: latency-based-routing
general_settings:
  master_key: ${masterKey}
`,
    });
    const answer = harness.answer;
    harness.answer = async (request) => {
      // Slow enough that a loaded machine (the whole suite in parallel) cannot make the fast one look slower.
      if (request.headers.authorization === "Bearer sk-slow") await new Promise((resolve) => setTimeout(resolve, 500));
      return answer(request);
    };
    // Without samples both count 0: the first requests reach each deployment once.
    for (let index = 0; index < 2; index++) await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("gpt-4o") });
    expect(new Set(harness.sent.map((request) => request.headers.authorization))).toEqual(new Set(["Bearer sk-slow", "Bearer sk-fast"]));
    harness.sent.length = 0;
    for (let index = 0; index < 5; index++) await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("gpt-4o") });
    expect(harness.sent.map((request) => request.headers.authorization)).toEqual(Array(5).fill("Bearer sk-fast"));
  });
});
