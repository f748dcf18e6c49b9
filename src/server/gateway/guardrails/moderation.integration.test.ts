import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moderationFlagWord, startFakeProviders, type FakeProviders } from "../../../../e2e/fixtures/fake-providers.mjs";
import { parseConfig } from "../../config/load-config";
import { findMigrationsFolder } from "../../db/migrate";
import { silentLogger } from "../../log";
import { fromWebRequest, toWebResponse } from "../adapters/web";
import { createGateway, type Gateway } from "../create-gateway";
import { builtinFile } from "../testing/builtin-cost-map";

// openai_moderation against a moderation API over real HTTP on 127.0.0.1 (the fake providers),
// with the gateway's own upstream client: LiteLLM's form (api_base + api_key) and a model group.
const masterKey = "sk-master-key-for-moderation";
let fake: FakeProviders;
let closedPort: Server;
let gateway: Gateway;
let directory: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  // A port that refuses connections: a moderation API that is down.
  closedPort = createServer();
  await new Promise<void>((resolve) => closedPort.listen(0, "127.0.0.1", resolve));
  const deadPort = (closedPort.address() as { port: number }).port;
  await new Promise<void>((resolve) => closedPort.close(() => resolve()));
  const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-chat }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-chat }
  - model_name: moderator
    litellm_params: { model: openai/omni-moderation-latest, api_base: "${fake.url}/v1", api_key: sk-moderator }
guardrails:
  - guardrail_name: mod-pre
    litellm_params: { guardrail: openai_moderation, mode: pre_call, api_base: "${fake.url}/v1", api_key: sk-moderation, default_on: true }
  - guardrail_name: mod-during
    litellm_params: { guardrail: openai_moderation, mode: during_call, model: moderator }
  - guardrail_name: mod-post
    litellm_params: { guardrail: openai_moderation, mode: post_call, model: moderator }
  - guardrail_name: mod-down
    litellm_params: { guardrail: openai_moderation, mode: pre_call, api_base: "http://127.0.0.1:${deadPort}/v1", api_key: sk-moderation }
general_settings:
  master_key: ${masterKey}
`;
  directory = mkdtempSync(join(tmpdir(), "switchyard-moderation-"));
  gateway = await createGateway({
    config: parseConfig(config, "moderation.yaml", { lookupEnv: () => undefined }),
    databaseUrl: `file:${join(directory, "gateway.db")}`,
    migrationsFolder: findMigrationsFolder(process.cwd()),
    builtinCostMapFile: builtinFile,
    log: silentLogger(),
    maxBodyBytes: 65_536,
  });
});

afterAll(async () => {
  await gateway?.close();
  await fake?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function post(path: string, body: object, key = masterKey): Promise<Response> {
  const request = new Request(`http://gateway.test${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return toWebResponse(await gateway.handle(fromWebRequest(request)));
}

async function unguardedKey(): Promise<string> {
  const response = await post("/key/generate", { disable_global_guardrails: true });
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
}

const chat = (content: string, fields: object = {}) => ({ model: "gpt-4o", messages: [{ role: "user", content }], ...fields });
const calls = (suffix: string) => fake.requests.filter((request) => request.url.endsWith(suffix));

describe("openai_moderation over HTTP", () => {
  it("checks a request with the moderation API before calling the model, and answers it when clean", async () => {
    const before = calls("/moderations").length;
    const response = await post("/v1/chat/completions", chat("hello there"));
    expect(response.status).toBe(200);
    const [sent] = calls("/moderations").slice(before);
    expect(sent.headers.authorization).toBe("Bearer sk-moderation");
    expect(sent.body).toEqual({ model: "omni-moderation-latest", input: "hello there" });
  });

  it("refuses a flagged request on both doors, in each door's shape, without calling the model", async () => {
    const chats = calls("/chat/completions").length;
    const refused = await post("/v1/chat/completions", chat(`a ${moderationFlagWord} b`));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: {
        message: `Blocked by guardrail "mod-pre": the request violates OpenAI's moderation policy (violence)`,
        type: "invalid_request_error",
        param: "messages",
        code: "guardrail_blocked",
      },
    });
    const anthropic = await post("/v1/messages", { model: "claude", max_tokens: 16, messages: [{ role: "user", content: moderationFlagWord }] });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: `Blocked by guardrail "mod-pre": the request violates OpenAI's moderation policy (violence)` },
    });
    expect(calls("/chat/completions")).toHaveLength(chats);
    expect(calls("/v1/messages")).toHaveLength(0);
  });

  it("post_call, through the moderation model group: a flagged answer is refused (the fake echoes the prompt)", async () => {
    // A key the master key exempted from default_on guardrails: mod-pre would refuse the prompt itself.
    const key = await unguardedKey();
    const chats = calls("/chat/completions").length;
    const refused = await post("/v1/chat/completions", chat(moderationFlagWord, { guardrails: ["mod-post"] }), key);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(`Blocked by guardrail "mod-post": the answer violates OpenAI's moderation policy (violence)`);
    expect(calls("/chat/completions")).toHaveLength(chats + 1);
    const moderated = calls("/moderations").at(-1)!;
    expect(moderated.headers.authorization).toBe("Bearer sk-moderator");
    expect(moderated.body).toEqual({ model: "omni-moderation-latest", input: `echo: ${moderationFlagWord}` });
  });

  it("during_call runs beside a streamed call and holds its answer back: refused when flagged, relayed whole when clean", async () => {
    const key = await unguardedKey();
    const clean = await post("/v1/chat/completions", chat("stream me", { stream: true, guardrails: ["mod-during"] }), key);
    expect(clean.status).toBe(200);
    expect(await clean.text()).toContain("[DONE]");
    const chats = calls("/chat/completions").length;
    const refused = await post("/v1/chat/completions", chat(moderationFlagWord, { stream: true, metadata: { guardrails: ["mod-during"] } }), key);
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "guardrail_blocked", message: expect.stringMatching(/^Blocked by guardrail "mod-during"/) } });
    expect(text).not.toContain("echo");
    // The model was called (beside the check), and its answer dropped.
    expect(calls("/chat/completions")).toHaveLength(chats + 1);
  });

  it("fails closed with a 502 when the moderation API is down", async () => {
    const response = await post("/v1/chat/completions", chat("hello", { guardrails: ["mod-down"] }));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "guardrail_unavailable", type: "server_error" } });
  });
});
