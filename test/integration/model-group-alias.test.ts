import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startFakeRealtime, type FakeRealtime } from "../../e2e/fixtures/fake-realtime.mjs";
import { runGatewayExpectingExit, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// router_settings.model_group_alias against the built server, with the official OpenAI SDK.
let fake: FakeProviders;
let realtime: FakeRealtime;
let gateway: GatewayProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  realtime = await startFakeRealtime();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-0001 }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-0002 }
  - model_name: embed
    litellm_params: { model: openai/text-embedding-3-small, api_base: "${fake.url}/v1", api_key: sk-upstream-0001 }
    model_info: { mode: embedding }
  - model_name: gpt-realtime
    litellm_params: { model: openai/gpt-realtime, api_base: "${realtime.url}/v1", api_key: sk-rt-a }
    model_info: { mode: realtime }
router_settings:
  model_group_alias:
    gpt-4: gpt-4o
    claude-sonnet-4-5-20250929: claude
    GPT-4O: { model: gpt-4o, hidden: true }
    text-embedding-ada-002: embed
    voice: gpt-realtime
`,
    env: { SWITCHYARD_SALT_KEY: "a-test-salt-key-that-is-long-enough" },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  await realtime?.close();
});

const clientFor = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
const lastUpstream = () => fake.requests[fake.requests.length - 1];

describe("model_group_alias", () => {
  it("answers chat for an alias from the aliased group, streamed and not", async () => {
    const client = clientFor(await createKey(gateway.url));
    const completion = await client.chat.completions.create({ model: "claude-sonnet-4-5-20250929", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0].message.content).toBe("echo: hi");
    expect(lastUpstream().url).toBe("/v1/messages");
    expect(lastUpstream().body.model).toBe("claude-sonnet-4-5");

    const stream = await client.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "stream me" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("echo: stream me");
    expect(lastUpstream().url).toBe("/v1/chat/completions");
    expect(lastUpstream().body.model).toBe("gpt-4o");
  });

  it("answers responses, embeddings and realtime client secrets for an alias", async () => {
    const client = clientFor(await createKey(gateway.url));
    const response = await client.responses.create({ model: "gpt-4", input: "hello" });
    expect(response.output_text).toContain("hello");
    expect(lastUpstream().url).toBe("/v1/responses");
    expect(lastUpstream().body.model).toBe("gpt-4o");

    const embedding = await client.embeddings.create({ model: "text-embedding-ada-002", input: ["a", "b"] });
    expect(embedding.data).toHaveLength(2);
    expect(lastUpstream().url).toBe("/v1/embeddings");
    expect(lastUpstream().body.model).toBe("text-embedding-3-small");

    const secret = await client.realtime.clientSecrets.create({ session: { type: "realtime", model: "voice" } });
    expect(secret.value).toMatch(/^sy_rt\./);
    const minted = [...realtime.requests].reverse().find((request) => request.kind === "client_secrets")!;
    expect(JSON.parse(minted.body).session).toMatchObject({ model: "gpt-realtime" });
  });

  it("lists the aliases that are not hidden, and still serves the hidden one", async () => {
    const client = clientFor(await createKey(gateway.url));
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["gpt-4o", "claude", "embed", "gpt-realtime", "gpt-4", "claude-sonnet-4-5-20250929", "text-embedding-ada-002", "voice"]);
    expect(ids).not.toContain("GPT-4O");

    const hidden = await client.chat.completions.create({ model: "GPT-4O", messages: [{ role: "user", content: "hidden" }] });
    expect(hidden.choices[0].message.content).toBe("echo: hidden");
    expect(lastUpstream().body.model).toBe("gpt-4o");
  });

  it("lets a key allowed only the target group use and see its aliases, and no other model", async () => {
    const client = clientFor(await createKey(gateway.url, { models: ["gpt-4o"] }));
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["gpt-4o", "gpt-4"]);

    const completion = await client.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "allowed" }] });
    expect(completion.choices[0].message.content).toBe("echo: allowed");
    const refused = await client.chat.completions.create({ model: "claude-sonnet-4-5-20250929", messages: [{ role: "user", content: "no" }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((refused as InstanceType<typeof OpenAI.PermissionDeniedError>).message).toContain("Tried to access claude-sonnet-4-5-20250929");
  });

  it("records the alias as the model asked for and the aliased group as model_group", async () => {
    const key = await createKey(gateway.url, { key_alias: "alias-spend" });
    await clientFor(key).chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "spend" }] });
    const { status, json } = await manage(gateway.url, "GET", `/spend/logs?api_key=${encodeURIComponent(key)}`);
    expect(status).toBe(200);
    expect(json).toEqual([expect.objectContaining({ model: "gpt-4", model_group: "gpt-4o", call_type: "chat", status: "success" })]);
  });
});

describe("model_group_alias at start-up", () => {
  it("stops with the YAML path when an alias names a group that does not exist", async () => {
    const { code, output } = await runGatewayExpectingExit(`
model_list:
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant-0002 }
router_settings:
  model_group_alias:
    claude-3: claude-opus
`);
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid config .*config\.yaml/);
    expect(output).toContain('router_settings.model_group_alias.claude-3: "claude-opus" is not a model_name of model_list');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
