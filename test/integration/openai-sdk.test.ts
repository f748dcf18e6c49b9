import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The official OpenAI SDK, unchanged, against the real production server: drop-in compatibility.
let fake: FakeProviders;
let gateway: GatewayProcess;
let key: string;
let client: OpenAI;

const upstreamSecret = "sk-upstream-secret-0001";

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: ${upstreamSecret} }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-secret-0002 }
  - model_name: azure-dated
    litellm_params: { model: azure/my-gpt4o, api_base: "${fake.url}", api_key: azure-secret-0003, api_version: "2024-10-21" }
  - model_name: azure-v1
    litellm_params: { model: azure/my-gpt4o-v1, api_base: "${fake.url}", api_key: azure-secret-0003 }
  - model_name: text-embedding-3-small
    litellm_params: { model: openai/text-embedding-3-small, api_base: "${fake.url}/v1", api_key: ${upstreamSecret} }
    model_info: { mode: embedding }
  - model_name: broken-request
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-fail-400 }
`,
  });
  key = await createKey(gateway.url, { key_alias: "sdk-tests" });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

function lastUpstreamRequest() {
  return fake.requests[fake.requests.length - 1];
}

describe("chat completions", () => {
  it("answers non-streamed chat with the deployment's key and model name", async () => {
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0].message.content).toBe("echo: hi");
    expect(completion.usage?.completion_tokens).toBe(5);
    const upstream = lastUpstreamRequest();
    expect(upstream.url).toBe("/v1/chat/completions");
    expect(upstream.headers.authorization).toBe(`Bearer ${upstreamSecret}`);
    expect(upstream.body.model).toBe("gpt-4o");
  });

  it("streams chunk by chunk and hides the usage chunk from clients that did not ask", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "stream me" }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("echo: stream me");
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    // The gateway still asked the upstream for usage, to price the request.
    expect(lastUpstreamRequest().body.stream_options).toEqual({ include_usage: true });
  });

  it("passes the usage chunk to clients that asked for it", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "count me" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(3);
  });

  it("translates Anthropic both ways, streamed and not", async () => {
    const completion = await client.chat.completions.create({
      model: "claude",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hello claude" },
      ],
    });
    expect(completion.choices[0].message.content).toBe("echo: hello claude");
    expect(completion.choices[0].finish_reason).toBe("stop");
    expect(completion.usage?.prompt_tokens).toBe(12);
    const upstream = lastUpstreamRequest();
    expect(upstream.url).toBe("/v1/messages");
    expect(upstream.headers["x-api-key"]).toBe("sk-ant-secret-0002");
    expect(upstream.body.system).toBe("be brief");

    const stream = await client.chat.completions.create({ model: "claude", messages: [{ role: "user", content: "stream claude" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("echo: stream claude");
  });

  it("reaches Azure on the dated deployment path and on the v1 path", async () => {
    await client.chat.completions.create({ model: "azure-dated", messages: [{ role: "user", content: "hi" }] });
    let upstream = lastUpstreamRequest();
    expect(upstream.url).toBe("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
    expect(upstream.headers["api-key"]).toBe("azure-secret-0003");
    expect(upstream.headers.authorization).toBeUndefined();

    await client.chat.completions.create({ model: "azure-v1", messages: [{ role: "user", content: "hi" }] });
    upstream = lastUpstreamRequest();
    expect(upstream.url).toBe("/openai/v1/chat/completions");
    expect(upstream.body.model).toBe("my-gpt4o-v1");
  });

  it("passes an upstream 400 through with its status and message", async () => {
    const failure = await client.chat.completions.create({ model: "broken-request", messages: [{ role: "user", content: "hi" }] }).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure.status).toBe(400);
    expect(failure.error.message).toBe("fake bad request");
  });
});

describe("responses, embeddings and models", () => {
  it("creates a response, streamed and not", async () => {
    const response = await client.responses.create({ model: "gpt-4o", input: "hi there" });
    expect(response.output_text).toBe("echo: hi there");
    expect(lastUpstreamRequest().url).toBe("/v1/responses");

    const stream = await client.responses.create({ model: "gpt-4o", input: "streamed", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["response.created", "response.output_text.delta", "response.completed"]);
  });

  it("creates embeddings", async () => {
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
    expect(result.data).toHaveLength(2);
    expect(lastUpstreamRequest().url).toBe("/v1/embeddings");
  });

  it("lists only the models a key may use", async () => {
    const all = await client.models.list();
    expect(all.data.map((model) => model.id).sort()).toEqual(["azure-dated", "azure-v1", "broken-request", "claude", "gpt-4o", "text-embedding-3-small"]);

    const limitedKey = await createKey(gateway.url, { models: ["gpt-4o", "claude"] });
    const limited = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: limitedKey, maxRetries: 0 });
    expect((await limited.models.list()).data.map((model) => model.id).sort()).toEqual(["claude", "gpt-4o"]);
  });

  it("answers on the paths without /v1 as LiteLLM does", async () => {
    const bare = new OpenAI({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const completion = await bare.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "bare" }] });
    expect(completion.choices[0].message.content).toBe("echo: bare");
  });
});

describe("errors the SDK understands", () => {
  it("401 for an unknown key", async () => {
    const stranger = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "sk-not-a-real-key-000000000", maxRetries: 0 });
    const failure = await stranger.models.list().catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(failure.code).toBe("invalid_api_key");
  });

  it("403 naming the allowed models for a restricted key, even for models that do not exist", async () => {
    const limitedKey = await createKey(gateway.url, { models: ["gpt-4o"] });
    const limited = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: limitedKey, maxRetries: 0 });
    for (const model of ["claude", "no-such-model"]) {
      const failure = await limited.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }).catch((error) => error);
      expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(failure.message).toContain("['gpt-4o']");
      expect(failure.message).toContain(`Tried to access ${model}`);
    }
  });

  it("404 for an unknown model when the key may use every model", async () => {
    const failure = await client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    expect(failure.code).toBe("model_not_found");
  });
});

describe("spend", () => {
  it("logs every request with tokens and a price from the cost map", async () => {
    const { json: rows } = await manage(gateway.url, "GET", `/spend/logs?api_key=${encodeURIComponent(key)}`);
    const chat = rows.find((row: any) => row.model === "gpt-4o" && row.call_type === "chat" && row.status === "success");
    expect(chat).toBeDefined();
    expect(chat.spend).toBeCloseTo(chat.prompt_tokens * 2.5e-6 + chat.completion_tokens * 1e-5, 12);
    expect(chat.model_group).toBe("gpt-4o");
    expect(chat.custom_llm_provider).toBe("openai");
    const failed = rows.find((row: any) => row.model === "broken-request");
    expect(failed.status).toBe("failure");
    expect(failed.status_code).toBe(400);
  });

  it("never shows a provider key in any answer", async () => {
    const { json } = await manage(gateway.url, "GET", "/model/info");
    const text = JSON.stringify(json);
    expect(json.data).toHaveLength(6);
    expect(text).not.toContain(upstreamSecret);
    expect(text).not.toContain("sk-ant-secret-0002");
    expect(text).not.toContain("azure-secret-0003");
    expect(gateway.output()).not.toContain(upstreamSecret);
  });
});
