import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAnthropicTokens, startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { untilSpendWritten } from "./helpers/spend-rows";
import { anthropicFailure } from "./helpers/anthropic-sdk";

// The official Anthropic SDK's messages.countTokens against the built server: forwarded to an
// Anthropic deployment (the fake), estimated by the gateway for an OpenAI-format one.
let fake: FakeProviders;
let gateway: GatewayProcess;
let key: string;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `model_list:
  - model_name: claude-sonnet-4-5
    litellm_params: { model: anthropic/claude-sonnet-4-5-20250929, api_base: "${fake.url}", api_key: sk-ant-count-0001 }
  - model_name: claude-broken
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-fail-500 }
  - model_name: claude-haiku-4-5
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${fake.url}/v1", api_key: sk-openai-0002 }
router_settings: { num_retries: 0, allowed_fails: 100 }
`,
  });
  key = await createKey(gateway.url, { key_alias: "counting" });
  client = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

const lastUpstream = () => fake.requests[fake.requests.length - 1];
const tools: Anthropic.Tool[] = [{ name: "read_file", description: "Reads a file", input_schema: { type: "object", properties: { path: { type: "string" } } } }];
const request: Anthropic.MessageCountTokensParams = {
  model: "claude-sonnet-4-5",
  system: [{ type: "text", text: "You are a careful coding agent.", cache_control: { type: "ephemeral" } }],
  tools,
  messages: [{ role: "user", content: "how many tokens is this?" }],
};

describe("messages.countTokens", () => {
  it("is forwarded to an Anthropic deployment with its key and the client's headers, and its count passed through", async () => {
    const { data, response } = await client.messages.countTokens(request, { headers: { "anthropic-beta": "token-counting-2024-11-01" } }).withResponse();
    const upstream = lastUpstream();
    expect(upstream.url).toBe("/v1/messages/count_tokens");
    expect(upstream.headers["x-api-key"]).toBe("sk-ant-count-0001");
    expect(upstream.headers["anthropic-beta"]).toBe("token-counting-2024-11-01");
    expect(upstream.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(upstream.body).toEqual({ ...request, model: "claude-sonnet-4-5-20250929" });
    expect(data).toEqual({ input_tokens: countAnthropicTokens(upstream.body) });
    expect(response.headers.get("x-switchyard-token-count")).toBeNull();
    expect(response.headers.get("x-switchyard-deployment-id")).toBeTruthy();
  });

  it("is estimated by the gateway for an OpenAI-format deployment, which is not called, and says so", async () => {
    const before = fake.requests.length;
    const { data, response } = await client.messages.countTokens({ ...request, model: "claude-haiku-4-5" }).withResponse();
    expect(response.headers.get("x-switchyard-token-count")).toBe("estimate");
    expect(fake.requests.length).toBe(before);
    // More text, more tokens: the count reads the request, not a constant.
    const longer = await client.messages.countTokens({ ...request, model: "claude-haiku-4-5", messages: [{ role: "user", content: "how many tokens is this? ".repeat(20) }] });
    expect(data.input_tokens).toBeGreaterThan(20);
    expect(longer.input_tokens - data.input_tokens).toBeGreaterThanOrEqual(19 * 5);
  });

  it("answers at /messages/count_tokens and /anthropic/v1/messages/count_tokens too, with Authorization: Bearer as well", async () => {
    for (const path of ["/messages/count_tokens", "/anthropic/v1/messages/count_tokens"]) {
      const response = await fetch(gateway.url + path, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ ...request, model: "claude-haiku-4-5" }),
      });
      expect(response.status, path).toBe(200);
      expect((await response.json()).input_tokens, path).toBeGreaterThan(0);
    }
    const bearer = new Anthropic({ baseURL: gateway.url, apiKey: null, authToken: key, maxRetries: 0 });
    expect((await bearer.messages.countTokens(request)).input_tokens).toBeGreaterThan(0);
  });

  it("consumes no rate limit and records no spend", async () => {
    const limitedKey = await createKey(gateway.url, { key_alias: "count-rpm-1", rpm_limit: 1 });
    const limited = new Anthropic({ baseURL: gateway.url, apiKey: limitedKey, maxRetries: 0 });
    for (let count = 0; count < 3; count++) {
      await limited.messages.countTokens(request);
      await limited.messages.countTokens({ ...request, model: "claude-haiku-4-5" });
    }
    // The one request a minute the key has is still there.
    await limited.messages.create({ model: "claude-haiku-4-5", max_tokens: 16, messages: [{ role: "user", content: "hi" }] });
    await untilSpendWritten(gateway.url);
    const rows = (await manage(gateway.url, "GET", `/spend/logs?api_key=${limitedKey}`)).json;
    expect(rows.map((row: { call_type: string }) => row.call_type)).toEqual(["messages"]);
  });
});

describe("count_tokens errors in Anthropic's shape", () => {
  it("401 for a bad key, 403 for a model the key may not use, 404 for an unknown one, 400 for a bad body", async () => {
    const stranger = new Anthropic({ baseURL: gateway.url, apiKey: "sk-not-a-key-of-this-gateway-0000", maxRetries: 0 });
    expect(await anthropicFailure(stranger.messages.countTokens(request))).toEqual({
      status: 401,
      body: { type: "error", error: { type: "authentication_error", message: "Invalid API key" } },
    });

    const limited = new Anthropic({ baseURL: gateway.url, apiKey: await createKey(gateway.url, { models: ["claude-haiku-*"] }), maxRetries: 0 });
    const refused = await anthropicFailure(limited.messages.countTokens(request));
    expect(refused.status).toBe(403);
    expect(refused.body.error.type).toBe("permission_error");

    const unknown = await anthropicFailure(client.messages.countTokens({ ...request, model: "claude-nonexistent-1" }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.type).toBe("not_found_error");

    const noMessages = await anthropicFailure(client.messages.countTokens({ model: "claude-sonnet-4-5" } as Anthropic.MessageCountTokensParams));
    expect(noMessages).toEqual({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "'messages' is required and must be an array of messages" } } });
  });

  it("400 naming the field for what an OpenAI-format deployment cannot take; the upstream's failure as api_error", async () => {
    const thinking = await anthropicFailure(client.messages.countTokens({ ...request, model: "claude-haiku-4-5", thinking: { type: "enabled", budget_tokens: 1024 } }));
    expect(thinking.status).toBe(400);
    expect(thinking.body.error).toEqual({ type: "invalid_request_error", message: expect.stringContaining("`thinking` cannot be sent to this model") });

    const broken = await anthropicFailure(client.messages.countTokens({ ...request, model: "claude-broken" }));
    expect(broken.status).toBe(500);
    expect(broken.body).toEqual({ type: "error", error: { type: "api_error", message: expect.any(String) } });
  });
});
