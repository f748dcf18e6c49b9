import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// router_settings.model_group_alias on every endpoint that takes a model, through the real gateway.
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o-2024-08-06, api_key: sk-openai }
  - model_name: claude-sonnet
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
  - model_name: embed
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-openai }
    model_info: { mode: embedding }
router_settings:
  model_group_alias:
    gpt-4: gpt-4o
    GPT-4O: { model: gpt-4o, hidden: true }
    claude-sonnet-4-5-20250929: claude-sonnet
    text-embedding-ada-002: embed
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(4_096, { config });
});
afterEach(async () => {
  await harness.close();
});

async function generateKey(fields: object = {}): Promise<string> {
  const response = await harness.call("POST", "/key/generate", { key: masterKey, body: fields });
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
}

async function modelIds(key: string): Promise<string[]> {
  const response = await harness.call("GET", "/v1/models", { key });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id);
}

const lastSent = () => {
  const request = harness.sent.at(-1)!;
  return { url: request.url, model: (JSON.parse(request.body!) as { model: string }).model };
};

describe("model_group_alias through the gateway", () => {
  it("sends chat, responses and embeddings for an alias to the aliased group's deployment", async () => {
    const key = await generateKey();
    const chat = await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4", messages: [{ role: "user", content: "Hi" }] } });
    expect(chat.status).toBe(200);
    expect(lastSent()).toEqual({ url: "https://api.openai.com/v1/chat/completions", model: "gpt-4o-2024-08-06" });

    expect((await harness.call("POST", "/v1/responses", { key, body: { model: "GPT-4O", input: "Hi" } })).status).toBe(200);
    expect(lastSent()).toEqual({ url: "https://api.openai.com/v1/responses", model: "gpt-4o-2024-08-06" });

    expect((await harness.call("POST", "/v1/embeddings", { key, body: { model: "text-embedding-ada-002", input: "Hi" } })).status).toBe(200);
    expect(lastSent()).toEqual({ url: "https://api.openai.com/v1/embeddings", model: "text-embedding-3-small" });
  });

  it("lists the aliases that are not hidden, after the groups", async () => {
    const ids = await modelIds(await generateKey());
    expect(ids).toEqual(["gpt-4o", "claude-sonnet", "embed", "gpt-4", "claude-sonnet-4-5-20250929", "text-embedding-ada-002"]);
  });

  it("lists and serves an alias to a key allowed only its group, and nothing else", async () => {
    const key = await generateKey({ models: ["claude-sonnet"] });
    expect(await modelIds(key)).toEqual(["claude-sonnet", "claude-sonnet-4-5-20250929"]);
    const body = { model: "claude-sonnet-4-5-20250929", messages: [{ role: "user", content: "Hi" }] };
    harness.answer = async () => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: Readable.from([
        Buffer.from(
          JSON.stringify({
            id: "msg_1",
            type: "message",
            role: "assistant",
            model: "claude-sonnet-4-5",
            content: [{ type: "text", text: "Hello" }],
            stop_reason: "end_turn",
            usage: { input_tokens: 3, output_tokens: 1 },
          }),
        ),
      ]),
    });
    expect((await harness.call("POST", "/v1/chat/completions", { key, body })).status).toBe(200);
    expect(lastSent()).toEqual({ url: "https://api.anthropic.com/v1/messages", model: "claude-sonnet-4-5" });
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: { ...body, model: "gpt-4" } })).status).toBe(403);
  });

  it("serves a hidden alias it does not list", async () => {
    const key = await generateKey({ models: ["gpt-4o"] });
    expect(await modelIds(key)).toEqual(["gpt-4o", "gpt-4"]);
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: { model: "GPT-4O", messages: [{ role: "user", content: "Hi" }] } })).status).toBe(200);
  });

  it("explains on the rule tester that the alias's group let it through, and where it goes", async () => {
    const response = await harness.call("POST", "/model_access/check", { key: masterKey, body: { model: "gpt-4", models: ["gpt-4o"] } });
    expect(await response.json()).toMatchObject({
      allowed: true,
      rules: [{ level: "key", entry: "gpt-4o", via: "exact", alias_group: "gpt-4o" }],
      route: { model_group: "gpt-4o", model: "gpt-4" },
    });
  });

  it("records what was asked for as model and the aliased group as model_group", async () => {
    const key = await generateKey();
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4", messages: [{ role: "user", content: "Hi" }] } })).status).toBe(200);
    const logs = await harness.call("GET", "/spend/logs", { key: masterKey });
    expect(logs.status).toBe(200);
    const rows = (await logs.json()) as Array<{ model: string; model_group: string; status: string }>;
    expect(rows).toEqual([expect.objectContaining({ model: "gpt-4", model_group: "gpt-4o", status: "success" })]);
  });
});
