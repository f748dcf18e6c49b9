import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

// GET /health on the built server against fake providers that fail on purpose: a 500, a 401
// whose message echoes the key and a signed URL, and one that never answers (the deployment's
// timeout ends the check).

const leakyKey = "sk-fail-leaky-0123456789abcdef";
let fake: FakeProviders;
let onDemand: GatewayProcess;
let background: GatewayProcess;

const config = (general = "") => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-fake }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-fine }
  - model_name: down
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-fail-500 }
  - model_name: leaky
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${fake.url}/v1", api_key: ${leakyKey} }
  - model_name: hanging
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-hang, timeout: 1 }
${general}`;

interface Endpoint {
  model: string;
  model_group: string;
  api_base: string;
  latency_ms: number;
  status_code?: number;
  error?: string;
}

async function health(gateway: GatewayProcess, key = masterKey) {
  const response = await fetch(`${gateway.url}/health`, { headers: { authorization: `Bearer ${key}` } });
  return {
    status: response.status,
    text: await response.clone().text(),
    json: (await response.json()) as { healthy_endpoints: Endpoint[]; unhealthy_endpoints: Endpoint[]; healthy_count: number; unhealthy_count: number },
  };
}

beforeAll(async () => {
  fake = await startFakeProviders();
  [onDemand, background] = await Promise.all([
    startGateway({ config: config() }),
    startGateway({ config: config("general_settings: { background_health_checks: true, health_check_interval: 300 }") }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([onDemand?.stop(), background?.stop()]);
  await fake?.close();
});

describe("GET /health against failing fakes", () => {
  it("names the healthy and the unhealthy deployments with the provider's errors, minus secrets", async () => {
    const { status, json, text } = await health(onDemand);
    expect(status).toBe(200);
    expect(json.healthy_endpoints.map((endpoint) => endpoint.model_group).sort()).toEqual(["claude", "gpt-4o"]);
    expect(json.healthy_count).toBe(2);
    expect(json.unhealthy_count).toBe(3);
    const unhealthy = Object.fromEntries(json.unhealthy_endpoints.map((endpoint) => [endpoint.model_group, endpoint]));
    expect(unhealthy.down).toMatchObject({ status_code: 500, error: "fake upstream failure", api_base: new URL(fake.url).host });
    expect(unhealthy.leaky).toMatchObject({ status_code: 401, error: "Incorrect API key provided: [redacted]. Logs: https://logs.fake.test/x?sig=[redacted]&se=[redacted]" });
    expect(unhealthy.hanging.error).toMatch(/tim/i);
    expect(unhealthy.hanging.latency_ms).toBeGreaterThanOrEqual(900);
    for (const secret of [leakyKey, "s3cr3tsig", "sk-fake", "sk-ant-fine", masterKey]) expect(text).not.toContain(secret);
  });

  it("does not cool a deployment down: requests still reach a deployment whose check failed", async () => {
    await health(onDemand);
    await health(onDemand);
    const key = await createKey(onDemand.url, {});
    const response = await fetch(`${onDemand.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "down", messages: [{ role: "user", content: "hi" }] }),
    });
    // The fake's own 500, not the router's 503 "cooling down".
    expect(response.status).toBe(500);
  });

  it("with background checks, answers the latest results without calling the providers again", async () => {
    let answer = await health(background);
    const deadline = Date.now() + 15_000;
    while (answer.json.healthy_count + answer.json.unhealthy_count < 5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await health(background);
    }
    expect(answer.json).toMatchObject({ healthy_count: 2, unhealthy_count: 3 });
    const before = fake.requests.length;
    await health(background);
    expect(fake.requests.length).toBe(before);
  });

  it("refuses a plain key and no key, before any upstream call", async () => {
    const key = await createKey(onDemand.url, {});
    const before = fake.requests.length;
    expect((await health(onDemand, key)).status).toBe(403);
    expect((await fetch(`${onDemand.url}/health`)).status).toBe(401);
    expect(fake.requests.length).toBe(before);
  });
});
