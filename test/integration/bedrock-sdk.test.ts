import Anthropic from "@anthropic-ai/sdk";
import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBedrock, type FakeBedrock } from "../../e2e/fixtures/fake-bedrock.mjs";
import { sharedDataFile } from "../../e2e/fixtures/shared-data.cjs";
import { spendRowsOf } from "./helpers/anthropic-sdk";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// AWS Bedrock through the built gateway, with the official OpenAI and Anthropic SDKs: every
// request SigV4-signed and checked by the fake as AWS checks it (fake-bedrock.test.ts proves the
// fake with AWS's own SDK), streams decoded from the event stream, spend priced from a real copy
// of LiteLLM's cost map.
let fake: FakeBedrock;
let gateway: GatewayProcess;
let key: string;
let client: OpenAI;

const accessKeyId = "AKIAGATEWAYTEST0001";
const secretAccessKey = "gateway-test-secret-0001";
const envKeyId = "AKIAFROMENVIRONMENT1";
const envSecret = "secret-from-environment-1";
/** The cost map's entries for these models (model_prices_2026-07-24): the US profile of Sonnet 4.6 has its own, dearer than the model's. */
const sonnetProfile = { input: 3.3e-6, output: 1.65e-5, cacheRead: 3.3e-7 };
const cacheRead = 4;

beforeAll(async () => {
  fake = await startFakeBedrock({
    accounts: { [accessKeyId]: { secretAccessKey }, [envKeyId]: { secretAccessKey: envSecret } },
    cacheUsage: { cacheReadInputTokens: cacheRead },
  });
  const endpoint = `aws_bedrock_runtime_endpoint: "${fake.url}", aws_region_name: us-east-1`;
  const keys = `aws_access_key_id: ${accessKeyId}, aws_secret_access_key: ${secretAccessKey}`;
  gateway = await startGateway({
    config: `
model_list:
  - model_name: claude-converse
    litellm_params: { model: bedrock/converse/us.anthropic.claude-sonnet-4-6, ${endpoint}, ${keys} }
  - model_name: nova-from-env
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${endpoint} }
  - model_name: claude-invoke
    litellm_params: { model: bedrock/invoke/us.anthropic.claude-3-5-haiku-20241022-v1:0, ${endpoint}, ${keys} }
  - model_name: claude-bedrock
    litellm_params: { model: bedrock/us.anthropic.claude-sonnet-4-6, ${endpoint}, ${keys} }
  - model_name: wrong-secret
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${endpoint}, aws_access_key_id: ${accessKeyId}, aws_secret_access_key: not-the-secret }
  - model_name: wrong-region
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, aws_bedrock_runtime_endpoint: "${fake.url}", aws_region_name: eu-west-1, ${keys} }
  - model_name: retried
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${endpoint}, ${keys} }
  - model_name: retried
    litellm_params: { model: bedrock/amazon.nova-micro-v1:0, ${endpoint}, ${keys} }
  - model_name: titan-embed
    litellm_params: { model: bedrock/amazon.titan-embed-text-v2:0, ${endpoint}, ${keys} }
    model_info: { mode: embedding }
  - model_name: "bedrock/*"
    litellm_params: { model: "bedrock/*", ${endpoint}, ${keys} }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "http://127.0.0.1:1/v1", api_key: sk-unused }
router_settings: { num_retries: 2, cooldown_time: 1 }
`,
    env: { SWITCHYARD_COST_MAP_URL: sharedDataFile("model_prices_2026-07-24_8442b93.json"), AWS_ACCESS_KEY_ID: envKeyId, AWS_SECRET_ACCESS_KEY: envSecret },
  });
  key = await createKey(gateway.url, { key_alias: "bedrock-tests" });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

const last = () => fake.requests[fake.requests.length - 1];
const hello = [{ role: "user" as const, content: "hello" }];

async function failure(call: Promise<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("chat over Converse", () => {
  it("answers, signed with the deployment's keys, and prices spend at the inference profile's own entry", async () => {
    const spender = await createKey(gateway.url, { key_alias: "bedrock-spender" });
    const spending = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: spender, maxRetries: 0 });
    const completion = await spending.chat.completions.create({ model: "claude-converse", messages: [{ role: "system", content: "Be brief." }, ...hello], max_tokens: 64 });
    expect(completion.choices[0].message.content).toBe("Bedrock us.anthropic.claude-sonnet-4-6 heard: hello");
    expect(completion.choices[0].finish_reason).toBe("stop");
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(cacheRead);
    expect(last()).toMatchObject({ accessKeyId, action: "converse", modelId: "us.anthropic.claude-sonnet-4-6" });
    expect(last().body).toMatchObject({ system: [{ text: "Be brief." }], inferenceConfig: { maxTokens: 64 } });

    const stream = await spending.chat.completions.create({ model: "claude-converse", messages: hello, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Bedrock us.anthropic.claude-sonnet-4-6 heard: hello");
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 7, prompt_tokens_details: { cached_tokens: cacheRead } });
    expect(last().action).toBe("converse-stream");

    const rows = await spendRowsOf(gateway.url, spender);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "success", unpriced: false, custom_llm_provider: "bedrock", completion_tokens: 7 });
      const uncached = row.prompt_tokens - cacheRead;
      expect(row.spend).toBeCloseTo(uncached * sonnetProfile.input + cacheRead * sonnetProfile.cacheRead + 7 * sonnetProfile.output, 15);
    }
  });

  it("streams without a usage chunk for clients that did not ask, and still records usage", async () => {
    const stream = await client.chat.completions.create({ model: "nova-from-env", messages: hello, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe("stop");
    // No keys in the entry: the standard AWS variables signed it.
    expect(last()).toMatchObject({ accessKeyId: envKeyId, modelId: "amazon.nova-lite-v1:0" });
  });

  it("makes a tool round trip with the tool call's id", async () => {
    const tools = [{ type: "function" as const, function: { name: "weather", description: "Weather now", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    const first = await client.chat.completions.create({ model: "claude-converse", messages: [{ role: "user", content: "Weather in Paris?" }], tools, tool_choice: "required" });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe("tool_calls");
    expect(call).toMatchObject({ type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } });
    expect(last().body.toolConfig).toMatchObject({ toolChoice: { any: {} }, tools: [{ toolSpec: { name: "weather" } }] });

    const stream = await client.chat.completions.create({
      model: "claude-converse",
      messages: [{ role: "user", content: "Weather in Paris?" }, first.choices[0].message, { role: "tool", tool_call_id: call!.id, content: "sunny" }],
      tools,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Bedrock us.anthropic.claude-sonnet-4-6 heard: Weather in Paris?");
    expect(last().body.messages.at(-1)).toEqual({ role: "user", content: [{ toolResult: { toolUseId: call!.id, content: [{ text: "sunny" }] } }] });
    expect(last().body.messages[1].content[0].toolUse.toolUseId).toBe(call!.id);
  });

  it("streams a tool call's arguments as OpenAI's deltas", async () => {
    const tools = [{ type: "function" as const, function: { name: "weather", parameters: { type: "object" } } }];
    const stream = await client.chat.completions.create({ model: "claude-converse", messages: hello, tools, stream: true });
    let args = "";
    let id: string | undefined;
    for await (const chunk of stream) {
      const toolCall = chunk.choices[0]?.delta.tool_calls?.[0];
      id ??= toolCall?.id;
      args += toolCall?.function?.arguments ?? "";
    }
    expect(id).toMatch(/^tooluse_/);
    expect(JSON.parse(args)).toEqual({ city: "Paris" });
  });
});

describe("chat over InvokeModel (bedrock/invoke/)", () => {
  it("answers and streams through Anthropic's body", async () => {
    const completion = await client.chat.completions.create({ model: "claude-invoke", messages: hello });
    expect(completion.choices[0].message.content).toBe("Claude on Bedrock heard: hello");
    expect(last()).toMatchObject({ action: "invoke", modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0" });
    expect(last().body.anthropic_version).toBe("bedrock-2023-05-31");
    const stream = await client.chat.completions.create({ model: "claude-invoke", messages: hello, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Claude on Bedrock heard: hello");
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 9 });
    expect(last().action).toBe("invoke-with-response-stream");
  });
});

describe("errors", () => {
  it("answers a refused signature as a 403 in OpenAI's shape, with no secret in it", async () => {
    const refused = await failure(client.chat.completions.create({ model: "wrong-secret", messages: hello }));
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ type: "permission_error", code: "InvalidSignatureException" });
    expect(JSON.stringify(refused.error)).not.toMatch(/not-the-secret|gateway-test-secret/);
    const region = await failure(client.chat.completions.create({ model: "wrong-region", messages: hello }));
    expect(region.status).toBe(403);
    expect(region.message).toContain("region");
  });

  it("never shows the AWS secret or key id in /model/info", async () => {
    const info = JSON.stringify((await manage(gateway.url, "GET", "/model/info")).json);
    expect(info).toContain("bedrock/converse/us.anthropic.claude-sonnet-4-6");
    expect(info).not.toMatch(new RegExp(`${secretAccessKey}|${accessKeyId}|not-the-secret`));
    expect(gateway.output()).not.toMatch(new RegExp(`${secretAccessKey}|${envSecret}|not-the-secret`));
  });

  it("retries a throttled deployment on another of its group", async () => {
    const before = fake.requests.length;
    fake.throttleNext();
    const completion = await client.chat.completions.create({ model: "retried", messages: hello });
    expect(completion.choices[0].message.content).toMatch(/^Bedrock amazon\.nova-(lite|micro)-v1:0 heard: hello$/);
    const attempts = fake.requests.slice(before);
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((request) => request.modelId)).size).toBe(2);
  });

  it("passes a throttle with nowhere else to go as a 429, and an exception inside a stream as an error event", async () => {
    const before = fake.requests.length;
    fake.throttleNext(3);
    const throttled = await failure(client.chat.completions.create({ model: "claude-converse", messages: hello }));
    // The group's one deployment, tried once and num_retries (2) more times: every throttle is spent.
    expect(fake.requests.length - before).toBe(3);
    expect(throttled.status).toBe(429);
    expect(throttled.error).toMatchObject({ type: "rate_limit_error", code: "ThrottlingException" });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the deployment's cooldown
    fake.throttleNextStream();
    const stream = await client.chat.completions.create({ model: "claude-converse", messages: hello, stream: true });
    const broken = await failure(
      (async () => {
        for await (const _chunk of stream) void _chunk;
      })(),
    );
    expect(broken.message).toContain("ThrottlingException");
  });

  it("refuses a request Converse cannot express with a 400 before calling Bedrock", async () => {
    const before = fake.requests.length;
    const refused = await failure(
      client.chat.completions.create({ model: "claude-converse", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] }] }),
    );
    expect(refused.status).toBe(400);
    expect(fake.requests.length).toBe(before);
  });
});

describe("embeddings with Amazon Titan", () => {
  it("answers floats and the OpenAI SDK's default base64, priced from the cost map", async () => {
    const spender = await createKey(gateway.url, { key_alias: "bedrock-embedder" });
    const embedder = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: spender, maxRetries: 0 });
    const floats = await embedder.embeddings.create({ model: "titan-embed", input: "three little words", dimensions: 4, encoding_format: "float" });
    expect(floats.data[0].embedding).toHaveLength(4);
    expect(last()).toMatchObject({ action: "invoke", modelId: "amazon.titan-embed-text-v2:0", body: { inputText: "three little words", dimensions: 4 } });
    // The SDK asks for base64 unless told otherwise, and decodes it: the same vector (to float32 precision).
    const decoded = await embedder.embeddings.create({ model: "titan-embed", input: ["three little words"], dimensions: 4 });
    decoded.data[0].embedding.forEach((value, i) => expect(value).toBeCloseTo(floats.data[0].embedding[i], 6));
    expect(decoded.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const refused = await failure(embedder.embeddings.create({ model: "titan-embed", input: ["one", "two"] }));
    expect(refused.status).toBe(400);
    const rows = await spendRowsOf(gateway.url, spender);
    expect(rows.filter((row) => row.status === "success")).toHaveLength(2);
    // amazon.titan-embed-text-v2:0 in model_prices_2026-07-24: 2e-8 per input token.
    for (const row of rows.filter((row) => row.status === "success")) expect(row.spend).toBeCloseTo(3 * 2e-8, 15);
  });
});

describe("keys with a bedrock/* wildcard", () => {
  it("reach every Bedrock model group and nothing else", async () => {
    const wildcard = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { models: ["bedrock/*"] }), maxRetries: 0 });
    const completion = await wildcard.chat.completions.create({ model: "nova-from-env", messages: hello });
    expect(completion.choices[0].message.content).toContain("heard: hello");
    expect((await failure(wildcard.chat.completions.create({ model: "gpt-4o", messages: hello }))).status).toBe(403);
    // A bedrock/* model group serves any model id the key names under it.
    const anyModel = await wildcard.chat.completions.create({ model: "bedrock/eu.amazon.nova-pro-v1:0", messages: hello });
    expect(anyModel.choices[0].message.content).toBe("Bedrock eu.amazon.nova-pro-v1:0 heard: hello");
    expect(last()).toMatchObject({ modelId: "eu.amazon.nova-pro-v1:0", action: "converse" });
  });
});

describe("/v1/messages over Bedrock Claude, with @anthropic-ai/sdk", () => {
  it("passes the Messages API through InvokeModel, whole and streamed, and records spend", async () => {
    const spender = await createKey(gateway.url, { key_alias: "bedrock-messages" });
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: spender, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: "claude-bedrock", max_tokens: 100, messages: hello }, { headers: { "anthropic-beta": "interleaved-thinking-2025-05-14" } });
    expect(message.content).toEqual([{ type: "text", text: "Claude on Bedrock heard: hello" }]);
    expect(last()).toMatchObject({ action: "invoke", modelId: "us.anthropic.claude-sonnet-4-6" });
    expect(last().body).toEqual({ anthropic_version: "bedrock-2023-05-31", anthropic_beta: ["interleaved-thinking-2025-05-14"], max_tokens: 100, messages: hello });

    const streamed = anthropic.messages.stream({ model: "claude-bedrock", max_tokens: 100, messages: [{ role: "user", content: "stream it" }] });
    const deltas: string[] = [];
    streamed.on("text", (text) => deltas.push(text));
    const final = await streamed.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: "Claude on Bedrock heard: stream it" }]);
    expect(deltas.length).toBeGreaterThan(1);
    expect(last().action).toBe("invoke-with-response-stream");

    const rows = await spendRowsOf(gateway.url, spender);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ call_type: "messages", status: "success", prompt_tokens: 15, completion_tokens: 9, unpriced: false });
  });

  it("translates /v1/messages to Converse for a Bedrock model that is not Claude", async () => {
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: "nova-from-env", max_tokens: 100, messages: hello });
    expect(message.content).toEqual([{ type: "text", text: "Bedrock amazon.nova-lite-v1:0 heard: hello" }]);
    const final = await anthropic.messages.stream({ model: "nova-from-env", max_tokens: 100, messages: hello }).finalMessage();
    expect(final.content).toEqual([{ type: "text", text: "Bedrock amazon.nova-lite-v1:0 heard: hello" }]);
    expect(last().action).toBe("converse-stream");
  });
});
