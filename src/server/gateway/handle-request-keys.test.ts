import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chatCompletion, masterKey, openAIUpstreamKey, startHarness, type Harness } from "./testing/gateway-harness";

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const chat = (model: string) => ({ model, messages: [{ role: "user", content: "Hi" }] });

async function generateKey(fields: object = {}): Promise<string> {
  const response = await harness.call("POST", "/key/generate", { key: masterKey, body: fields });
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
}

describe("virtual keys through the gateway", () => {
  it("lets the master key generate a key, shown once in the sk- format", async () => {
    const response = await harness.call("POST", "/key/generate", { key: masterKey, body: { models: ["gpt-4o"], key_alias: "ci" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ models: ["gpt-4o"], key_alias: "ci", key_name: `sk-...${(body.key as string).slice(-4)}` });
  });

  it("refuses /key/generate to a non-admin key", async () => {
    const key = await generateKey();
    const response = await harness.call("POST", "/key/generate", { key, body: {} });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("admin_required");
  });

  it("serves a generated key its models and answers 403 for any other", async () => {
    const key = await generateKey({ models: ["gpt-4o"] });
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: chat("gpt-4o") })).status).toBe(200);

    for (const model of ["claude-sonnet", "no-such-model"]) {
      const response = await harness.call("POST", "/v1/chat/completions", { key, body: chat(model) });
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("model_not_allowed");
      expect(error.message).toContain("models=['gpt-4o']");
      expect(error.message).toContain(`Tried to access ${model}`);
    }
    expect(harness.sent).toHaveLength(1);
  });

  it("answers 404 to an unrestricted key asking for a model that does not exist", async () => {
    const key = await generateKey();
    const response = await harness.call("POST", "/v1/chat/completions", { key, body: chat("no-such-model") });
    expect(response.status).toBe(404);
  });

  it("answers 401 once a key is blocked", async () => {
    const key = await generateKey();
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: chat("gpt-4o") })).status).toBe(200);
    expect((await harness.call("POST", "/key/block", { key: masterKey, body: { key } })).status).toBe(200);

    const response = await harness.call("POST", "/v1/chat/completions", { key, body: chat("gpt-4o") });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("key_blocked");
  });
});

describe("the upstream call", () => {
  it("carries the deployment's api key and upstream model, never the virtual key", async () => {
    const key = await generateKey();
    const response = await harness.call("POST", "/v1/chat/completions", { key, body: chat("gpt-4o") });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(chatCompletion);
    expect(response.headers.get("x-switchyard-deployment-id")).toMatch(/^[0-9a-f]{32}$/);

    const [sent] = harness.sent;
    expect(sent.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${openAIUpstreamKey}`);
    expect(JSON.parse(sent.body!)).toEqual({ ...chat("gpt-4o"), model: "gpt-4o-2024-08-06" });
    expect(JSON.stringify(sent)).not.toContain(key);
    expect(JSON.stringify(sent)).not.toContain(masterKey);
  });

  it("turns an unexpected exception into a 500 that does not leak its message", async () => {
    harness.answer = async () => {
      throw new Error("database password is hunter2");
    };
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("gpt-4o") });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({
      error: { message: "Internal error in the gateway; it has been logged.", type: "server_error", param: null, code: "internal_error" },
    });
  });

  it("streams chat, asking upstream for usage and hiding it from a client that did not ask", async () => {
    const delta = 'data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}\n\n';
    const usage = 'data: {"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}\n\n';
    harness.answer = async () => ({ status: 200, headers: {}, body: Readable.from([Buffer.from(delta + usage + "data: [DONE]\n\n")]) });

    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { ...chat("gpt-4o"), stream: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await response.text()).toBe(`${delta}data: [DONE]\n\n`);
    expect(JSON.parse(harness.sent[0].body!).stream_options).toEqual({ include_usage: true });
  });
});

describe("the client's body on its way upstream", () => {
  const sameNames = `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-upstream }
  - model_name: o1-pro
    litellm_params: { model: openai/o1-pro, api_key: sk-upstream }
  - model_name: "openai/*"
    litellm_params: { model: "openai/*", api_key: sk-upstream }
general_settings:
  master_key: ${masterKey}
`;
  let named: Harness;
  beforeEach(async () => {
    named = await startHarness(4_096, { config: sameNames });
    named.answer = async () => ({ status: 200, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(JSON.stringify(chatCompletion))]) });
  });
  afterEach(async () => {
    await named.close();
  });

  it("goes byte for byte when the model group is named as the upstream's model", async () => {
    const text = '{ "model": "gpt-4o-mini",\n  "messages": [{"role": "user", "content": "Hi"}], "temperature": 0.25 }';
    expect((await named.call("POST", "/v1/chat/completions", { key: masterKey, body: text })).status).toBe(200);
    expect(named.sent[0].body).toBe(text);
  });

  it("changes only the model name when a wildcard group names the upstream's model another way", async () => {
    const text = '{ "model": "openai/gpt-4.1",\n  "messages": [{"role": "user", "content": "Hi"}], "temperature": 0.25 }';
    expect((await named.call("POST", "/v1/chat/completions", { key: masterKey, body: text })).status).toBe(200);
    expect(named.sent[0].body).toBe(text.replace('"openai/gpt-4.1"', '"gpt-4.1"'));
  });

  it("carries only the authorised model when the text names two", async () => {
    const generated = await named.call("POST", "/key/generate", { key: masterKey, body: { models: ["gpt-4o-mini"] } });
    const { key } = (await generated.json()) as { key: string };
    const smuggled = '{"model":"o1-pro","messages":[{"role":"user","content":"Hi"}],"model":"gpt-4o-mini"}';
    expect((await named.call("POST", "/v1/chat/completions", { key, body: smuggled })).status).toBe(200);
    const sent = named.sent[0].body!;
    expect(sent.match(/"model"/g)).toHaveLength(1);
    expect(JSON.parse(sent)).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
  });
});
