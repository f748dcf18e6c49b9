import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// A fake upstream that fails on purpose, chosen by the API key each deployment sends.
let fake: FakeProviders;
let gateway: GatewayProcess;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeProviders();
  const deployment = (group: string, apiKey: string, extra = "") =>
    `  - model_name: ${group}\n    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: ${apiKey}${extra} }\n`;
  gateway = await startGateway({
    config: `model_list:
${deployment("flaky", "sk-fail-500")}${deployment("flaky", "sk-good-1")}${deployment("limited", "sk-fail-429")}${deployment("limited", "sk-good-2")}${deployment("all-down", "sk-fail-500")}${deployment("slow", "sk-hang", ", timeout: 0.5")}${deployment("garbage", "sk-garbage")}${deployment("garbage", "sk-good-3")}${deployment("reset", "sk-reset")}
router_settings:
  num_retries: 2
  allowed_fails: 1
  cooldown_time: 2
`,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url), maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

function callsWith(apiKey: string) {
  return fake.requests.filter((request) => request.headers.authorization === `Bearer ${apiKey}`).length;
}

function ask(model: string) {
  return client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
}

describe("retries and cooldown", () => {
  it("retries a failing deployment on a healthy one, then cools the failing one down", async () => {
    for (let round = 0; round < 40; round++) {
      const completion = await ask("flaky");
      expect(completion.choices[0].message.content).toBe("echo: hi");
    }
    // allowed_fails: 1, so the second failure within a minute starts a 2 s cooldown.
    const failedCalls = callsWith("sk-fail-500");
    expect(failedCalls).toBe(2);

    await new Promise((done) => setTimeout(done, 2100));
    for (let round = 0; round < 20 && callsWith("sk-fail-500") === failedCalls; round++) await ask("flaky");
    expect(callsWith("sk-fail-500")).toBe(failedCalls + 1); // back in rotation after the cooldown, and cooled again at once
  });

  it("retries 429s on another deployment", async () => {
    // simple-shuffle picks at random: ask until the limited deployment has been tried, every answer must succeed.
    for (let round = 0; round < 40 && callsWith("sk-fail-429") === 0; round++) expect((await ask("limited")).choices[0].message.content).toBe("echo: hi");
    expect(callsWith("sk-fail-429")).toBeGreaterThan(0);
  });

  it("retries a 200 whose body is not JSON", async () => {
    for (let round = 0; round < 40 && callsWith("sk-garbage") === 0; round++) expect((await ask("garbage")).choices[0].message.content).toBe("echo: hi");
    expect(callsWith("sk-garbage")).toBeGreaterThan(0);
  });

  it("answers the upstream's error once every deployment failed, then 503 while cooling down", async () => {
    const first = await ask("all-down").catch((error) => error);
    expect(first).toBeInstanceOf(OpenAI.InternalServerError);
    expect(first.status).toBe(500);
    expect(first.message).toContain("fake upstream failure");

    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "all-down", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await response.json()).error.code).toBe("no_deployment_available");
  });
});

describe("faults", () => {
  it("times out a hanging upstream quickly with LiteLLM's 408", async () => {
    const started = Date.now();
    const failure = await ask("slow").catch((error) => error);
    expect(failure.status).toBe(408);
    expect(failure.error.code).toBe("request_timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("ends a stream cut mid-way with an error event, and the server stays healthy", async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "reset", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"delta":{"role":"assistant","content":""}');
    expect(text).toContain('"code":"upstream_stream_error"');
    expect((await fetch(`${gateway.url}/health/readiness`)).status).toBe(200);

    const { json: rows } = await manage(gateway.url, "GET", "/spend/logs?limit=50");
    expect(rows.find((row: any) => row.model === "reset")).toMatchObject({ status: "failure" });
  });
});
