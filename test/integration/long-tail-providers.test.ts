import Database from "better-sqlite3";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azureAiKey, longTailKey, startFakeLongTail, type FakeLongTail } from "../../e2e/fixtures/fake-long-tail.mjs";
import { runGatewayExpectingExit, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";
import { untilSpendWritten } from "./helpers/spend-rows";

// Azure AI Foundry, Ollama's native API, a few OpenAI-compatible long-tail prefixes and prefixes
// that cannot be served, through the built server with the official OpenAI SDK, against fakes
// that check each provider's auth and wire format (e2e/fixtures/fake-long-tail.mjs).
let fake: FakeLongTail;
let gateway: GatewayProcess;
let client: OpenAI;
let key: string;

beforeAll(async () => {
  fake = await startFakeLongTail();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: mistral-large
    litellm_params: { model: azure_ai/mistral-large-2407, api_base: "${fake.url}/azure-ai", api_key: ${azureAiKey} }
  - model_name: mistral-pass-through
    litellm_params:
      model: azure_ai/mistral-large-2407
      api_base: "${fake.url}/azure-ai"
      api_key: ${azureAiKey}
      extra_headers: { extra-parameters: pass-through }
  - model_name: mistral-strict
    litellm_params:
      model: azure_ai/mistral-large-2407
      api_base: "${fake.url}/azure-ai"
      api_key: ${azureAiKey}
      extra_headers: { extra-parameters: error }
  - model_name: llama-local
    litellm_params: { model: ollama_chat/llama3.1, api_base: "${fake.url}/ollama" }
  - model_name: llama-generate
    litellm_params: { model: ollama/llama3.1, api_base: "${fake.url}/ollama" }
  - model_name: nomic
    litellm_params: { model: ollama/nomic-embed-text, api_base: "${fake.url}/ollama" }
    model_info: { mode: embedding }
  - model_name: missing-model
    litellm_params: { model: ollama_chat/missing, api_base: "${fake.url}/ollama" }
  - model_name: deepseek-r1
    litellm_params: { model: huggingface/together/deepseek-ai/DeepSeek-R1, api_base: "${fake.url}/hf", api_key: ${longTailKey} }
  - model_name: dbrx
    litellm_params: { model: databricks/databricks-dbrx-instruct, api_base: "${fake.url}/serving-endpoints", api_key: ${longTailKey} }
  - model_name: nim
    litellm_params: { model: nvidia_nim/meta/llama3-8b-instruct, api_base: "${fake.url}/nim/v1", api_key: ${longTailKey} }
  - model_name: speech
    litellm_params: { model: aws_polly/neural }
  - model_name: jumpstart
    litellm_params: { model: sagemaker/jumpstart-dft-llama }
  - model_name: instruct
    litellm_params: { model: text-completion-openai/gpt-3.5-turbo-instruct, api_base: "${fake.url}/openai/v1", api_key: ${longTailKey} }
  - model_name: claude-foundry
    litellm_params: { model: azure_ai/claude-sonnet-4-5, api_base: "${fake.url}/azure-claude", api_key: ${azureAiKey} }
`,
  });
  key = await createKey(gateway.url, { key_alias: "long-tail" });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

function lastRequestTo(prefix: string) {
  const found = fake.requests.filter((request) => request.url.startsWith(prefix)).at(-1);
  if (!found) throw new Error(`no request reached ${prefix}`);
  return found;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function spendRow(requestId: string) {
  const database = new Database(gateway.databasePath, { readonly: true });
  try {
    return database.prepare("select provider, prompt_tokens, completion_tokens, status from spend_logs where request_id = ?").get(requestId) as
      { provider: string; prompt_tokens: number; completion_tokens: number; status: string } | undefined;
  } finally {
    database.close();
  }
}

describe("Azure AI Foundry (azure_ai/)", () => {
  it("answers chat with the key as Bearer (a serverless host), and what the API refuses left out", async () => {
    const completion = await client.chat.completions.create({ model: "mistral-large", messages: [{ role: "user", content: "bonjour" }], user: "someone", n: 1 });
    expect(completion.choices[0].message.content).toBe("azure-ai: bonjour");
    const upstream = lastRequestTo("/azure-ai");
    expect(upstream.url).toBe("/azure-ai/chat/completions");
    expect(upstream.headers.authorization).toBe(`Bearer ${azureAiKey}`);
    expect(upstream.headers["api-key"]).toBeUndefined();
    expect(upstream.body).toEqual({ model: "mistral-large-2407", messages: [{ role: "user", content: "bonjour" }] });
  });

  it("streams without stream_options (which the service refuses) and reads usage from the final chunk", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: "mistral-large", messages: [{ role: "user", content: "count these words" }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const chunks = await collect(stream);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("azure-ai: count these words");
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 5 });
    expect(lastRequestTo("/azure-ai").body.stream_options).toBeUndefined();
    await untilSpendWritten(gateway.url);
    expect(spendRow(response.headers.get("x-switchyard-request-id")!)).toEqual({ provider: "azure_ai", prompt_tokens: 13, completion_tokens: 5, status: "success" });
  });

  it("forwards every parameter, usage asked for, when extra-parameters is pass-through", async () => {
    const chunks = await collect(await client.chat.completions.create({ model: "mistral-pass-through", messages: [{ role: "user", content: "hi" }], stream: true, user: "someone" }));
    expect(chunks.length).toBeGreaterThan(1);
    const upstream = lastRequestTo("/azure-ai");
    expect(upstream.headers["extra-parameters"]).toBe("pass-through");
    expect(upstream.body).toMatchObject({ user: "someone", stream_options: { include_usage: true } });
  });
});

describe("Azure AI Foundry with extra-parameters: error", () => {
  it("sends the client's parameters as they are, and the service's refusal names them", async () => {
    const error = await client.chat.completions.create({ model: "mistral-strict", messages: [{ role: "user", content: "x" }], user: "someone" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(422);
    expect(apiError.message).toContain("user: Extra inputs are not permitted");
    expect(apiError.param).toBe("user");
    expect(lastRequestTo("/azure-ai").headers["extra-parameters"]).toBe("error");
  });
});

describe("Claude on Azure AI Foundry (azure_ai/claude-...)", () => {
  it("answers chat through {resource}/anthropic/v1/messages with the key as api-key", async () => {
    const completion = await client.chat.completions.create({ model: "claude-foundry", messages: [{ role: "user", content: "hello" }] });
    expect(completion.choices[0]).toMatchObject({ message: { content: "claude on azure: hello" }, finish_reason: "stop" });
    expect(completion.usage).toMatchObject({ prompt_tokens: 17, completion_tokens: 7 });
    const upstream = lastRequestTo("/azure-claude");
    expect(upstream.headers["api-key"]).toBe(azureAiKey);
    expect(upstream.body).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 4096 });
  });

  it("streams, translated from Anthropic's events", async () => {
    const chunks = await collect(await client.chat.completions.create({ model: "claude-foundry", messages: [{ role: "user", content: "stream it" }], stream: true }));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("claude on azure: stream it");
  });

  it("serves /v1/messages untranslated, the key as x-api-key", async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude-foundry", max_tokens: 64, messages: [{ role: "user", content: "native" }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: "message", content: [{ type: "text", text: "claude on azure: native" }], usage: { input_tokens: 17 } });
    const upstream = lastRequestTo("/azure-claude");
    expect(upstream.headers["x-api-key"]).toBe(azureAiKey);
    expect(upstream.headers["api-key"]).toBeUndefined();
    expect(upstream.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: "native" }] });
  });

  it("counts tokens at the resource's count_tokens, not as an estimate", async () => {
    const response = await fetch(`${gateway.url}/v1/messages/count_tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude-foundry", messages: [{ role: "user", content: "count" }] }),
    });
    expect(await response.json()).toEqual({ input_tokens: 42 });
    expect(lastRequestTo("/azure-claude").url).toBe("/azure-claude/anthropic/v1/messages/count_tokens");
    expect(lastRequestTo("/azure-claude").headers["x-api-key"]).toBe(azureAiKey);
  });
});

describe("Ollama's native API (ollama_chat/, ollama/)", () => {
  it("answers chat through /api/chat, with Ollama's counts as usage", async () => {
    for (const model of ["llama-local", "llama-generate"]) {
      const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }] });
      expect(completion.choices[0]).toMatchObject({ message: { role: "assistant", content: "ollama: hello" }, finish_reason: "stop" });
      expect(completion.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 6, total_tokens: 27 });
      const upstream = lastRequestTo("/ollama");
      expect(upstream.url).toBe("/ollama/api/chat");
      expect(upstream.body).toMatchObject({ model: "llama3.1", stream: false, messages: [{ role: "user", content: "hello" }] });
    }
  });

  it("streams newline-delimited JSON as OpenAI chunks", async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: "llama-local", messages: [{ role: "user", content: "stream this please" }], stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("ollama: stream this please");
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 21, completion_tokens: 6 } });
    expect(lastRequestTo("/ollama").body.stream).toBe(true);
  });

  it("makes a tool round trip: Ollama's tool call out, the tool result back in Ollama's shape", async () => {
    const tools = [{ type: "function" as const, function: { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    const first = await client.chat.completions.create({ model: "llama-local", messages: [{ role: "user", content: "weather?" }], tools });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe("tool_calls");
    expect(call).toMatchObject({ type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } });
    const second = await client.chat.completions.create({
      model: "llama-local",
      tools,
      messages: [{ role: "user", content: "weather?" }, first.choices[0].message, { role: "tool", tool_call_id: call!.id, content: "sunny" }],
    });
    expect(second.choices[0].message.content).toBe("tool said sunny");
    expect(lastRequestTo("/ollama").body.messages[1]).toEqual({ role: "assistant", content: "", tool_calls: [{ function: { name: "weather", arguments: { city: "Paris" } } }] });
  });

  it("serves Anthropic's /v1/messages too, whole and streamed, through the chat translation", async () => {
    const ask = (stream: boolean) =>
      fetch(`${gateway.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01" },
        body: JSON.stringify({ model: "llama-local", max_tokens: 64, stream, messages: [{ role: "user", content: "via messages" }] }),
      });
    const whole = await ask(false);
    expect(whole.status).toBe(200);
    expect(await whole.json()).toMatchObject({ type: "message", content: [{ type: "text", text: "ollama: via messages" }], usage: { input_tokens: 21, output_tokens: 6 } });
    expect(lastRequestTo("/ollama").url).toBe("/ollama/api/chat");

    const streamed = await ask(true);
    const events = (await streamed.text()).split("\n\n").filter((block) => block.startsWith("event: "));
    const texts = events.filter((block) => block.startsWith("event: content_block_delta")).map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)).delta.text);
    expect(texts.join("")).toBe("ollama: via messages");
    expect(events.at(-1)).toMatch(/^event: message_stop/);
  });

  it("answers embeddings through /api/embed", async () => {
    const embeddings = await client.embeddings.create({ model: "nomic", input: ["a", "b"] });
    expect(embeddings.data.map((item) => item.embedding)).toEqual([
      [0, 0.5, -0.5],
      [1, 0.5, -0.5],
    ]);
    expect(embeddings.usage.prompt_tokens).toBe(6);
    expect(lastRequestTo("/ollama").url).toBe("/ollama/api/embed");
  });

  it("passes Ollama's error on as OpenAI's shape with its status", async () => {
    const error = await client.chat.completions.create({ model: "missing-model", messages: [{ role: "user", content: "x" }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('model "missing" not found');
  });
});

describe("OpenAI-compatible long-tail prefixes", () => {
  it.each([
    ["deepseek-r1", "/hf/v1/chat/completions", "deepseek-ai/DeepSeek-R1:together"],
    ["dbrx", "/serving-endpoints/chat/completions", "databricks-dbrx-instruct"],
    ["nim", "/nim/v1/chat/completions", "meta/llama3-8b-instruct"],
  ])("%s goes to %s as %s with the key as Bearer", async (model, path, upstreamModel) => {
    const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0].message.content).toBe(`${path}: hi`);
    const upstream = fake.requests.at(-1)!;
    expect(upstream.headers.authorization).toBe(`Bearer ${longTailKey}`);
    expect(upstream.body.model).toBe(upstreamModel);
  });
});

describe("OpenAI's legacy Completions API (text-completion-openai/)", () => {
  it("serves chat as a prompt to /completions and answers a chat completion", async () => {
    const completion = await client.chat.completions.create({
      model: "instruct",
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "Hello" },
      ],
    });
    expect(completion).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant", content: "completed: Be kind. Hello" }, finish_reason: "stop" }] });
    const upstream = fake.requests.at(-1)!;
    expect(upstream.url).toBe("/openai/v1/completions");
    expect(upstream.body).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Be kind. Hello" });
  });
});

describe("prefixes that cannot be served", () => {
  it("start with a warning naming the YAML path", () => {
    expect(gateway.output()).toContain('model_list[10].litellm_params.model: \\"aws_polly/neural\\" cannot be served');
    expect(gateway.output()).toContain("model_list[11].litellm_params.model");
  });

  it("answer 501 in OpenAI's shape, and nothing is called", async () => {
    const before = fake.requests.length;
    for (const model of ["speech", "jumpstart"]) {
      const error = await client.chat.completions.create({ model, messages: [{ role: "user", content: "x" }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(501);
      expect(apiError.code).toBe("provider_not_supported");
      expect(apiError.type).toBe("invalid_request_error");
    }
    // Still 501 (no cooldown turning it into a 503), and listed like any model group.
    const again = await client.chat.completions.create({ model: "speech", messages: [{ role: "user", content: "x" }] }).catch((caught: unknown) => caught);
    expect((again as InstanceType<typeof OpenAI.APIError>).status).toBe(501);
    expect(fake.requests.length).toBe(before);
    expect((await client.models.list()).data.map((model) => model.id)).toContain("speech");
  });

  it("a prefix nobody knows still stops start-up, naming the YAML path", async () => {
    const { code, output } = await runGatewayExpectingExit(`model_list:\n  - model_name: x\n    litellm_params: { model: bedrockz/x }\n`);
    expect(code).toBe(1);
    expect(output).toContain('model_list[0].litellm_params.model: unknown provider "bedrockz"');
  });
});
