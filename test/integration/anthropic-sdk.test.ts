import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheUsage, startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";
import { anthropicFailure, spendRowsOf } from "./helpers/anthropic-sdk";

// The official Anthropic SDK, unchanged, against the real production server: /v1/messages with a
// virtual key, passed through to Anthropic deployments (here the fake) with the key's rules applied.
let fake: FakeProviders;
let gateway: GatewayProcess;
let costMapDirectory: string;
let key: string;
let client: Anthropic;

/** The cost map entry the gateway prices claude-sonnet-4-5 by; expected costs are computed from it here. */
const price = {
  litellm_provider: "anthropic",
  mode: "chat",
  input_cost_per_token: 3e-6,
  output_cost_per_token: 1.5e-5,
  cache_creation_input_token_cost: 3.75e-6,
  cache_read_input_token_cost: 3e-7,
};
const upstreamSecret = "sk-ant-upstream-0001";

beforeAll(async () => {
  fake = await startFakeProviders();
  costMapDirectory = mkdtempSync(join(tmpdir(), "switchyard-anthropic-sdk-"));
  const costMapFile = join(costMapDirectory, "cost-map.json");
  writeFileSync(costMapFile, JSON.stringify({ "claude-sonnet-4-5": price }));
  const deployment = (group: string, apiKey: string) => `  - model_name: ${group}\n    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: ${apiKey} }\n`;
  gateway = await startGateway({
    config: `model_list:
${deployment("claude-sonnet-4-5", upstreamSecret)}${deployment("claude-slow", "sk-ant-slow")}${deployment("claude-overloaded", "sk-fail-529")}${deployment("claude-pair", "sk-fail-529")}${deployment("claude-pair", "sk-ant-healthy-0002")}  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-openai-0003 }
router_settings: { num_retries: 2, allowed_fails: 100 }
`,
    env: { SWITCHYARD_COST_MAP_URL: costMapFile },
  });
  key = await createKey(gateway.url, { key_alias: "anthropic-sdk" });
  client = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  if (costMapDirectory) rmSync(costMapDirectory, { recursive: true, force: true });
});

const lastUpstream = () => fake.requests[fake.requests.length - 1];
const hello: Anthropic.MessageCreateParamsNonStreaming = { model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "hello claude" }] };

const spendRows = (apiKey: string) => spendRowsOf(gateway.url, apiKey);

describe("messages.create", () => {
  it("answers with the deployment's model, key and Anthropic's own message, forwarding the SDK's anthropic-version", async () => {
    let sentVersion: string | null = null;
    const watched = new Anthropic({
      baseURL: gateway.url,
      apiKey: key,
      maxRetries: 0,
      fetch: (url, init) => {
        sentVersion = new Headers(init?.headers).get("anthropic-version");
        return fetch(url, init);
      },
    });
    const message = await watched.messages.create(hello);
    expect(message.content).toEqual([{ type: "text", text: "echo: hello claude" }]);
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 6 });
    const upstream = lastUpstream();
    expect(upstream.url).toBe("/v1/messages");
    expect(upstream.headers["x-api-key"]).toBe(upstreamSecret);
    expect(upstream.headers.authorization).toBeUndefined();
    expect(sentVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(upstream.headers["anthropic-version"]).toBe(sentVersion);
  });

  it("authenticates with Authorization: Bearer too (authToken, Claude Code's ANTHROPIC_AUTH_TOKEN)", async () => {
    const bearer = new Anthropic({ baseURL: gateway.url, apiKey: null, authToken: key, maxRetries: 0 });
    const message = await bearer.messages.create(hello);
    expect(message.content[0]).toMatchObject({ text: "echo: hello claude" });
    expect(lastUpstream().headers["x-api-key"]).toBe(upstreamSecret);
  });

  it("passes everything but the model through untouched, and forwards anthropic-beta", async () => {
    const body: Anthropic.MessageCreateParamsNonStreaming = {
      model: "claude-sonnet-4-5",
      max_tokens: 2048,
      system: [{ type: "text", text: "You are a careful coding agent.", cache_control: { type: "ephemeral" } }],
      thinking: { type: "enabled", budget_tokens: 1024 },
      metadata: { user_id: "developer-7" },
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "notes" } },
            { type: "text", text: "read these", cache_control: { type: "ephemeral" } },
          ],
        },
      ],
    };
    await client.messages.create(body, { headers: { "anthropic-beta": "interleaved-thinking-2025-05-14,prompt-caching-2024-07-31" } });
    const upstream = lastUpstream();
    expect(upstream.body).toEqual({ ...body, model: "claude-sonnet-4-5" });
    expect(upstream.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14,prompt-caching-2024-07-31");
  });

  it("records a spend row with the cache writes and reads priced at the cost map's cache prices", async () => {
    const spender = await createKey(gateway.url, { key_alias: "cache-spender" });
    const spending = new Anthropic({ baseURL: gateway.url, apiKey: spender, maxRetries: 0 });
    const message = await spending.messages.create({ ...hello, system: [{ type: "text", text: "long preamble", cache_control: { type: "ephemeral" } }] });
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 6, ...cacheUsage });
    await spending.messages.stream({ ...hello, model: "claude-slow", system: [{ type: "text", text: "long preamble", cache_control: { type: "ephemeral" } }] }).finalMessage();

    const expected =
      12 * price.input_cost_per_token +
      cacheUsage.cache_creation_input_tokens * price.cache_creation_input_token_cost +
      cacheUsage.cache_read_input_tokens * price.cache_read_input_token_cost +
      6 * price.output_cost_per_token;
    const rows = await spendRows(spender);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ call_type: "messages", status: "success", status_code: 200, unpriced: false, custom_llm_provider: "anthropic" });
      expect(row.prompt_tokens).toBe(12 + cacheUsage.cache_creation_input_tokens + cacheUsage.cache_read_input_tokens);
      expect(row.completion_tokens).toBe(6);
      expect(row.spend).toBeCloseTo(expected, 15);
    }
    expect(rows.map((row) => row.model).sort()).toEqual(["claude-slow", "claude-sonnet-4-5"]);
  });
});

describe("messages.stream", () => {
  it("relays events as they come, and the SDK builds the final message", async () => {
    const arrivals: number[] = [];
    const stream = client.messages.stream({ ...hello, model: "claude-slow", messages: [{ role: "user", content: "one two three four" }] });
    stream.on("text", () => arrivals.push(Date.now()));
    const message = await stream.finalMessage();
    const ended = Date.now();
    expect(message.content).toEqual([{ type: "text", text: "echo: one two three four" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(6);
    // The fake sends a word every 40 ms: the first arrived well before the last, not all at the end.
    expect(arrivals).toHaveLength(5);
    expect(arrivals[4] - arrivals[0]).toBeGreaterThanOrEqual(120);
    expect(ended - arrivals[0]).toBeGreaterThanOrEqual(120);
    expect(lastUpstream().body.stream).toBe(true);
  });
});

describe("a tool-use loop", () => {
  const tools: Anthropic.Tool[] = [
    { name: "read_file", description: "Reads a file of the project", input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  ];

  it("passes tool_use and tool_result through with their ids, streamed and not", async () => {
    const question: Anthropic.MessageParam = { role: "user", content: "what does the README say?" };
    const first = await client.messages.create({ ...hello, tools, messages: [question] });
    expect(first.stop_reason).toBe("tool_use");
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === "tool_use")!;
    expect(toolUse).toMatchObject({ id: "toolu_fake1", name: "read_file", input: { path: "README.md" } });

    const streamed = await client.messages.stream({ ...hello, model: "claude-slow", tools, messages: [question] }).finalMessage();
    expect(streamed.content).toEqual(first.content);

    const followUp: Anthropic.MessageParam[] = [
      question,
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: "Switchyard is an LLM gateway" }] },
    ];
    const second = await client.messages.create({ ...hello, tools, messages: followUp });
    expect(second.content).toEqual([{ type: "text", text: "tool toolu_fake1 said: Switchyard is an LLM gateway" }]);
    expect(lastUpstream().body.messages).toEqual(followUp);
  });
});

describe("errors in Anthropic's shape", () => {
  it("401 for a bad key", async () => {
    const stranger = new Anthropic({ baseURL: gateway.url, apiKey: "sk-not-a-key-of-this-gateway-0000", maxRetries: 0 });
    expect(await anthropicFailure(stranger.messages.create(hello))).toEqual({ status: 401, body: { type: "error", error: { type: "authentication_error", message: "Invalid API key" } } });
  });

  it("403 for a model the key may not use, 404 for one that does not exist", async () => {
    const limited = new Anthropic({ baseURL: gateway.url, apiKey: await createKey(gateway.url, { models: ["claude-sonnet-*"] }), maxRetries: 0 });
    expect((await limited.messages.create(hello)).type).toBe("message");
    const refused = await anthropicFailure(limited.messages.create({ ...hello, model: "claude-slow" }));
    expect(refused.status).toBe(403);
    expect(refused.body.error.type).toBe("permission_error");
    expect(refused.body.error.message).toContain("key not allowed to access model");
    const unknown = await anthropicFailure(client.messages.create({ ...hello, model: "claude-nonexistent-1" }));
    expect(unknown).toEqual({
      status: 404,
      body: { type: "error", error: { type: "not_found_error", message: expect.stringContaining("The model 'claude-nonexistent-1' does not exist") } },
    });
  });

  it("400 for a bad body, never 500", async () => {
    const missing = await anthropicFailure(client.messages.create({ model: "claude-sonnet-4-5", messages: hello.messages } as Anthropic.MessageCreateParamsNonStreaming));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toEqual({ type: "invalid_request_error", message: "'max_tokens' is required and must be a positive integer" });
    const broken = await fetch(`${gateway.url}/v1/messages`, { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: '{"model":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("429 when the key's rpm is used up", async () => {
    const once = new Anthropic({ baseURL: gateway.url, apiKey: await createKey(gateway.url, { rpm_limit: 1 }), maxRetries: 0 });
    await once.messages.create(hello);
    const refused = await anthropicFailure(once.messages.create(hello));
    expect(refused.status).toBe(429);
    expect(refused.body.error.type).toBe("rate_limit_error");
  });

  it("529 overloaded_error from an overloaded upstream; another deployment of the group serves instead when there is one", async () => {
    const overloaded = await anthropicFailure(client.messages.create({ ...hello, model: "claude-overloaded" }));
    expect(overloaded).toEqual({ status: 529, body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } });
    for (let attempt = 0; attempt < 4; attempt++) {
      const { data, response } = await client.messages.create({ ...hello, model: "claude-pair" }).withResponse();
      expect(data.content[0]).toMatchObject({ text: "echo: hello claude" });
      expect(response.headers.get("x-switchyard-deployment-id")).toBeTruthy();
      expect(lastUpstream().headers["x-api-key"]).toBe("sk-ant-healthy-0002");
    }
  });
});

describe("the door", () => {
  it("answers at /messages and /anthropic/v1/messages too, with the overhead header, and counts the route in the metrics", async () => {
    for (const path of ["/v1/messages", "/messages", "/anthropic/v1/messages"]) {
      const response = await fetch(gateway.url + path, { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: JSON.stringify(hello) });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("x-switchyard-overhead-duration-ms"), path).toMatch(/^\d+\.\d{3}$/);
      expect((await response.json()).content[0].text).toBe("echo: hello claude");
      // A client that names no API version gets the one Anthropic assumes.
      expect(lastUpstream().headers["anthropic-version"], path).toBe("2023-06-01");
    }
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_requests_total\{route="\/v1\/messages",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^switchyard_requests_total\{route="\/anthropic\/v1\/messages",status="200"\} 1/m);
  });
});
