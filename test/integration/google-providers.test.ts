import Anthropic from "@anthropic-ai/sdk";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGoogle, type FakeGoogle } from "../../e2e/fixtures/fake-google.mjs";
import { sharedDataFile } from "../../e2e/fixtures/shared-data.cjs";
import { spendRowsOf } from "./helpers/anthropic-sdk";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

// Vertex AI (Gemini and Claude) and the Gemini API through the built gateway, with the official
// OpenAI and Anthropic SDKs, against a fake Google that checks service-account JWTs, token
// expiry and API keys as Google does (proved with Google's own clients in fake-google.test.ts).

const costMapName = "model_prices_2026-07-24_8442b93.json";
const costMap = JSON.parse(readFileSync(sharedDataFile(costMapName), "utf8"));
const accountA = "gateway-a@proj-a.iam.gserviceaccount.com";
const accountB = "gateway-b@proj-b.iam.gserviceaccount.com";

let fake: FakeGoogle;
let gateway: GatewayProcess;
let directory: string;
let key: string;
let openai: OpenAI;

function serviceAccount(email: string, project: string): string {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  fake.trustServiceAccount(email, pair.publicKey);
  return JSON.stringify({ type: "service_account", project_id: project, private_key_id: "key-1", private_key: pair.privateKey, client_email: email, token_uri: fake.tokenUri });
}

const vertexBase = (project: string, publisher: string, model: string) => `${fake.url}/v1/projects/${project}/locations/us-central1/publishers/${publisher}/models/${model}`;

beforeAll(async () => {
  fake = await startFakeGoogle();
  directory = mkdtempSync(join(tmpdir(), "switchyard-google-"));
  const credentialsFile = join(directory, "service-account-a.json");
  writeFileSync(credentialsFile, serviceAccount(accountA, "proj-a"));
  const vertex = (group: string, model: string, base: string, extra = "") =>
    `  - model_name: ${group}\n    litellm_params: { model: vertex_ai/${model}, api_base: "${base}", vertex_project: proj-a, vertex_location: us-central1, vertex_credentials: "${credentialsFile}"${extra} }\n`;
  gateway = await startGateway({
    config: `model_list:
${vertex("vertex-gemini", "gemini-2.5-flash", vertexBase("proj-a", "google", "gemini-2.5-flash"))}\
${vertex("vertex-claude", "claude-sonnet-4@20250514", vertexBase("proj-a", "anthropic", "claude-sonnet-4@20250514"))}\
${vertex("vertex_ai/gemini-2.5-flash", "gemini-2.5-flash", vertexBase("proj-a", "google", "gemini-2.5-flash"))}\
${vertex("vertex-pair", "gemini-2.5-flash", vertexBase("proj-throttled", "google", "gemini-2.5-flash"), ", weight: 1000")}\
${vertex("vertex-pair", "gemini-2.5-flash", vertexBase("proj-healthy", "google", "gemini-2.5-flash"), ", weight: 1")}\
  - model_name: vertex-refresh
    litellm_params: { model: vertex_ai/gemini-2.5-flash, api_base: "${vertexBase("proj-b", "google", "gemini-2.5-flash")}", vertex_credentials: os.environ/VERTEX_SERVICE_ACCOUNT_B }
  - model_name: vertex-llama
    litellm_params: { model: vertex_ai/meta/llama-3.3-70b-instruct-maas, api_base: "${fake.url}/v1beta1/projects/proj-a/locations/us-central1/endpoints/openapi", vertex_credentials: "${credentialsFile}" }
  - model_name: vertex-mistral
    litellm_params: { model: vertex_ai/mistral-large@2407, vertex_project: proj-a, vertex_location: us-central1, api_base: "${vertexBase("proj-a", "mistralai", "mistral-large@2407")}", vertex_credentials: "${credentialsFile}" }
  - model_name: vertex-jamba
    litellm_params: { model: vertex_ai/jamba-1.5-mini@001, api_base: "${fake.url}/v1beta1/projects/proj-a/locations/us-central1/publishers/ai21/models/jamba-1.5-mini@001", vertex_credentials: "${credentialsFile}" }
  - model_name: vertex-embedding
    litellm_params: { model: vertex_ai/text-embedding-004, api_base: "${vertexBase("proj-a", "google", "text-embedding-004")}", vertex_credentials: "${credentialsFile}" }
    model_info: { mode: embedding }
  - model_name: gemini-embedding
    litellm_params: { model: gemini/gemini-embedding-001, api_base: "${fake.url}/v1beta/models/gemini-embedding-001" }
    model_info: { mode: embedding }
  - model_name: gemini-api
    litellm_params: { model: gemini/gemini-2.5-flash, api_base: "${fake.url}/v1beta/models/gemini-2.5-flash", api_key: os.environ/GEMINI_API_KEY }
  - model_name: gemini/gemini-2.5-flash
    litellm_params: { model: gemini/gemini-2.5-flash, api_base: "${fake.url}/v1beta/models/gemini-2.5-flash" }
router_settings: { num_retries: 2, allowed_fails: 100 }
`,
    env: { SWITCHYARD_COST_MAP_URL: sharedDataFile(costMapName), GEMINI_API_KEY: "gemini-key-0001", VERTEX_SERVICE_ACCOUNT_B: serviceAccount(accountB, "proj-b") },
  });
  key = await createKey(gateway.url, { key_alias: "google-tests" });
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const hello = (model: string, content = "hello google") => ({ model, messages: [{ role: "user" as const, content }] });
const tokensFor = (account: string) => fake.tokenRequests.filter((request) => request.account === account);
const lastRequest = () => fake.requests.at(-1)!;

describe("Vertex AI tokens", () => {
  // First in the file: no token for account A exists yet.
  it("fetches one token for concurrent first requests and reuses it", async () => {
    fake.setTokenDelay(300);
    const models = ["vertex-gemini", "vertex-claude", "vertex-gemini", "vertex-claude", "vertex-gemini", "vertex-gemini"];
    const answers = await Promise.all(models.map((model, i) => openai.chat.completions.create(hello(model, `concurrent ${i}`))));
    fake.setTokenDelay(0);
    expect(answers.map((answer) => answer.choices[0].message.content)).toEqual(models.map((_, i) => `echo: concurrent ${i}`));
    expect(tokensFor(accountA)).toHaveLength(1);
    await openai.chat.completions.create(hello("vertex-gemini"));
    expect(tokensFor(accountA)).toHaveLength(1);
    expect(fake.requests.every((request) => request.rejected === undefined)).toBe(true);
  });

  it("renews a token before it expires, so none is sent expired", async () => {
    fake.setTokenLifetime(6);
    try {
      await openai.chat.completions.create(hello("vertex-refresh"));
      expect(tokensFor(accountB)).toHaveLength(1);
      const fetchedAt = fake.tokenRequests.at(-1)!.at;
      await new Promise((done) => setTimeout(done, 5_000)); // past 80% of its lifetime, before its end
      await openai.chat.completions.create(hello("vertex-refresh"));
      await new Promise((done) => setTimeout(done, 300));
      // Renewed while the first token was still good, not once it had expired (or been refused).
      expect(tokensFor(accountB)).toHaveLength(2);
      expect(tokensFor(accountB)[1].at - fetchedAt).toBeLessThan(6_000);
      await new Promise((done) => setTimeout(done, 1_200)); // past the first token's end
      const answer = await openai.chat.completions.create(hello("vertex-refresh", "after expiry"));
      expect(answer.choices[0].message.content).toBe("echo: after expiry");
      expect(tokensFor(accountB)).toHaveLength(2);
      expect(fake.requests.filter((request) => request.rejected !== undefined)).toEqual([]);
    } finally {
      fake.setTokenLifetime(3600);
    }
  }, 20_000);
});

describe("a token Vertex refuses", () => {
  it("is dropped, so the next request fetches another instead of sending it again until it expires", async () => {
    await openai.chat.completions.create(hello("vertex-refresh", "before revocation"));
    const fetched = tokensFor(accountB).length;
    fake.revokeTokens(accountB);
    const refused = await openai.chat.completions.create(hello("vertex-refresh")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    const answer = await openai.chat.completions.create(hello("vertex-refresh", "after revocation"));
    expect(answer.choices[0].message.content).toBe("echo: after revocation");
    expect(tokensFor(accountB)).toHaveLength(fetched + 1);
  });
});

describe("chat completions over Vertex AI and the Gemini API", () => {
  it("translates Gemini on Vertex both ways at api_base:generateContent, with the token as bearer", async () => {
    const completion = await openai.chat.completions.create({
      model: "vertex-gemini",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hi vertex" },
      ],
      max_tokens: 50,
      temperature: 0.2,
      stop: ["END"],
    });
    expect(completion.choices[0]).toMatchObject({ message: { content: "echo: hi vertex" }, finish_reason: "stop" });
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 12, total_tokens: 23, completion_tokens_details: { reasoning_tokens: 7 } });
    const upstream = lastRequest();
    expect(upstream.url).toBe("/v1/projects/proj-a/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent");
    expect(upstream.principal).toBe(accountA);
    expect(upstream.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "hi vertex" }] }],
      systemInstruction: { parts: [{ text: "be brief" }] },
      generationConfig: { temperature: 0.2, maxOutputTokens: 50, stopSequences: ["END"] },
    });
  });

  it("streams Gemini on Vertex from api_base:streamGenerateContent?alt=sse, usage last", async () => {
    const stream = await openai.chat.completions.create({ ...hello("vertex-gemini", "stream vertex"), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("echo: stream vertex");
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 12 });
    expect(lastRequest().url).toBe("/v1/projects/proj-a/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });

  it("translates Claude on Vertex at api_base:rawPredict and :streamRawPredict, with Vertex's anthropic_version and no model", async () => {
    const completion = await openai.chat.completions.create(hello("vertex-claude", "hi claude"));
    expect(completion.choices[0].message.content).toBe("echo: hi claude");
    expect(completion.usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 6 });
    expect(lastRequest().url).toBe("/v1/projects/proj-a/locations/us-central1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
    expect(lastRequest().body).toMatchObject({ anthropic_version: "vertex-2023-10-16", messages: [{ role: "user", content: [{ type: "text", text: "hi claude" }] }] });
    expect(lastRequest().body.model).toBeUndefined();

    let text = "";
    for await (const chunk of await openai.chat.completions.create({ ...hello("vertex-claude", "stream claude"), stream: true })) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("echo: stream claude");
    expect(lastRequest().url).toBe("/v1/projects/proj-a/locations/us-central1/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict");
  });

  it("reaches the Gemini API with x-goog-api-key from GEMINI_API_KEY, whole and streamed", async () => {
    const completion = await openai.chat.completions.create(hello("gemini-api", "hi gemini"));
    expect(completion.choices[0].message.content).toBe("echo: hi gemini");
    expect(lastRequest()).toMatchObject({ url: "/v1beta/models/gemini-2.5-flash:generateContent", principal: "gemini-key-0001" });
    expect(lastRequest().headers.authorization).toBeUndefined();
    let text = "";
    for await (const chunk of await openai.chat.completions.create({ ...hello("gemini-api", "stream gemini"), stream: true })) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("echo: stream gemini");
    expect(lastRequest().url).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });

  it("reaches a partner model on Vertex's OpenAI-compatible endpoint, the publisher/model as model", async () => {
    const completion = await openai.chat.completions.create(hello("vertex-llama", "hi llama"));
    expect(completion.choices[0].message.content).toBe("echo: hi llama");
    expect(lastRequest()).toMatchObject({ url: "/v1beta1/projects/proj-a/locations/us-central1/endpoints/openapi/chat/completions", principal: accountA });
    expect(lastRequest().body.model).toBe("meta/llama-3.3-70b-instruct-maas");
  });

  it("reaches Mistral's and AI21's models at their publishers' rawPredict, whole and streamed, usage priced", async () => {
    const whole = await openai.chat.completions.create(hello("vertex-mistral", "bonjour"));
    expect(whole.choices[0].message.content).toBe("echo: bonjour");
    expect(lastRequest()).toMatchObject({ url: "/v1/projects/proj-a/locations/us-central1/publishers/mistralai/models/mistral-large@2407:rawPredict", principal: accountA });
    const stream = await openai.chat.completions.create({ ...hello("vertex-mistral", "streamed words"), stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("echo: streamed words");
    expect(lastRequest().url).toMatch(/mistralai\/models\/mistral-large@2407:streamRawPredict$/);
    const jamba = await openai.chat.completions.create(hello("vertex-jamba", "shalom"));
    expect(jamba.choices[0].message.content).toBe("echo: shalom");
    expect(lastRequest().url).toBe("/v1beta1/projects/proj-a/locations/us-central1/publishers/ai21/models/jamba-1.5-mini@001:rawPredict");
  });

  it.each(["vertex-gemini", "vertex-claude", "gemini-api"])("makes a tool round trip on %s", async (model) => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "weather of a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "weather in Paris?" }];
    const first = await openai.chat.completions.create({ model, messages, tools, tool_choice: "auto" });
    expect(first.choices[0].finish_reason).toBe("tool_calls");
    const [call] = first.choices[0].message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
    expect(call.id).not.toBe("");

    messages.push(first.choices[0].message, { role: "tool", tool_call_id: call.id, content: "sunny" });
    const second = await openai.chat.completions.create({ model, messages, tools });
    expect(second.choices[0].message.content).toMatch(/^result was .*sunny/);
    expect(second.choices[0].finish_reason).toBe("stop");
  });
});

describe("embeddings", () => {
  it("embeds on Vertex AI at api_base:predict, base64 as the SDK asks by default, priced by its token counts", async () => {
    const spender = await createKey(gateway.url, { key_alias: "google-embeddings" });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: spender, maxRetries: 0 });
    const answer = await client.embeddings.create({ model: "vertex-embedding", input: ["one", "three"] });
    expect(answer.data.map((item) => item.embedding)).toEqual([
      [3, 0.5, -0.25],
      [5, 0.5, -0.25],
    ]);
    expect(answer.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
    expect(lastRequest()).toMatchObject({ url: "/v1/projects/proj-a/locations/us-central1/publishers/google/models/text-embedding-004:predict", principal: accountA });
    expect(lastRequest().body).toEqual({ instances: [{ content: "one" }, { content: "three" }] });
    const floats = await client.embeddings.create({ model: "vertex-embedding", input: "one", encoding_format: "float", dimensions: 3 });
    expect(floats.data[0].embedding).toEqual([3, 0.5, -0.25]);
    expect(lastRequest().body.parameters).toEqual({ outputDimensionality: 3 });
    const rows = await spendRowsOf(gateway.url, spender);
    const spend = rows.map((row) => row.spend).sort((a, b) => a - b);
    expect(spend).toHaveLength(2);
    expect(spend[0]).toBeCloseTo(4 * costMap["text-embedding-004"].input_cost_per_token, 15);
    expect(spend[1]).toBeCloseTo(8 * costMap["text-embedding-004"].input_cost_per_token, 15);
  });

  it("embeds on the Gemini API at api_base:batchEmbedContents", async () => {
    const answer = await openai.embeddings.create({ model: "gemini-embedding", input: "four" });
    expect(answer.data[0].embedding).toEqual([4, 0.5, -0.25]);
    expect(lastRequest()).toMatchObject({ url: "/v1beta/models/gemini-embedding-001:batchEmbedContents", principal: "gemini-key-0001" });
    expect(lastRequest().body).toEqual({ requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "four" }] } }] });
  });
});

describe("spend", () => {
  it("prices each provider from the real cost map, thinking tokens as output", async () => {
    const spender = await createKey(gateway.url, { key_alias: "google-spend" });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: spender, maxRetries: 0 });
    await client.chat.completions.create(hello("vertex-gemini"));
    await client.chat.completions.create(hello("gemini-api"));
    await client.chat.completions.create(hello("vertex-claude"));
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ ...hello("vertex-gemini"), stream: true })) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed).toBe("echo: hello google");

    const gemini = (entry: { input_cost_per_token: number; output_cost_per_token: number; output_cost_per_reasoning_token?: number }) =>
      11 * entry.input_cost_per_token + 5 * entry.output_cost_per_token + 7 * (entry.output_cost_per_reasoning_token ?? entry.output_cost_per_token);
    const claude = costMap["vertex_ai/claude-sonnet-4@20250514"];
    const expected: Record<string, number> = {
      "vertex-gemini": gemini(costMap["gemini-2.5-flash"]),
      "gemini-api": gemini(costMap["gemini/gemini-2.5-flash"]),
      "vertex-claude": 13 * claude.input_cost_per_token + 6 * claude.output_cost_per_token,
    };
    const rows = await spendRowsOf(gateway.url, spender);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "success", unpriced: false });
      expect(row.spend).toBeGreaterThan(0);
      expect(row.spend).toBeCloseTo(expected[row.model], 15);
    }
    expect(rows.filter((row) => row.model === "vertex-gemini").map((row) => row.completion_tokens)).toEqual([12, 12]);
    expect(new Set(rows.map((row) => row.custom_llm_provider))).toEqual(new Set(["vertex_ai", "gemini"]));
  });
});

describe("wildcard keys and the provider boundary", () => {
  it("takes a bare name to Vertex for a key allowed vertex_ai/*, and never to the Gemini API", async () => {
    const vertexOnly = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { models: ["vertex_ai/*"] }), maxRetries: 0 });
    const answer = await vertexOnly.chat.completions.create(hello("gemini-2.5-flash", "bare name"));
    expect(answer.choices[0].message.content).toBe("echo: bare name");
    expect(lastRequest().url).toContain("/publishers/google/models/gemini-2.5-flash:generateContent");
    expect(lastRequest().principal).toBe(accountA);
    const refused = await vertexOnly.chat.completions.create(hello("gemini/gemini-2.5-flash")).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const refusedGroup = await vertexOnly.chat.completions.create(hello("gemini-api")).catch((error) => error);
    expect(refusedGroup).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("takes the same bare name to the Gemini API for a key allowed gemini/*, and never to Vertex", async () => {
    const geminiOnly = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { models: ["gemini/*"] }), maxRetries: 0 });
    const answer = await geminiOnly.chat.completions.create(hello("gemini-2.5-flash", "bare gemini"));
    expect(answer.choices[0].message.content).toBe("echo: bare gemini");
    expect(lastRequest()).toMatchObject({ url: "/v1beta/models/gemini-2.5-flash:generateContent", principal: "gemini-key-0001" });
    const refused = await geminiOnly.chat.completions.create(hello("vertex_ai/gemini-2.5-flash")).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });
});

describe("Google's errors", () => {
  it("retries a throttled (429) Vertex deployment on another of its group", async () => {
    fake.failNext("/projects/proj-throttled/", 429, 1);
    const before = fake.requests.length;
    const response = await openai.chat.completions.create(hello("vertex-pair", "throttled")).withResponse();
    expect(response.data.choices[0].message.content).toBe("echo: throttled");
    const tried = fake.requests.slice(before).map((request) => /projects\/([^/]+)/.exec(request.url)?.[1]);
    expect(tried).toEqual(["proj-throttled", "proj-healthy"]);
  });

  it("answers a 429 RESOURCE_EXHAUSTED as OpenAI's rate-limit error when no deployment is left", async () => {
    fake.failNext("/v1beta/models/gemini-2.5-flash:generateContent", 429, 3);
    const failure = await openai.chat.completions.create(hello("gemini-api")).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure.error).toMatchObject({ type: "rate_limit_error", code: "resource_exhausted", message: "Resource exhausted (e.g. check quota)." });
  });
});

describe("/v1/messages over Claude on Vertex AI", () => {
  it("passes Anthropic's request through to rawPredict and its answer back, streamed and not", async () => {
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: "vertex-claude", max_tokens: 100, messages: [{ role: "user", content: "hi through messages" }] });
    expect(message.content).toEqual([{ type: "text", text: "echo: hi through messages" }]);
    expect(message.usage).toMatchObject({ input_tokens: 13, output_tokens: 6 });
    const upstream = lastRequest();
    expect(upstream.url).toBe("/v1/projects/proj-a/locations/us-central1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
    expect(upstream.body).toEqual({ anthropic_version: "vertex-2023-10-16", max_tokens: 100, messages: [{ role: "user", content: "hi through messages" }] });

    const streamed = await anthropic.messages.stream({ model: "vertex-claude", max_tokens: 100, messages: [{ role: "user", content: "stream through messages" }] }).finalMessage();
    expect(streamed.content).toEqual([{ type: "text", text: "echo: stream through messages" }]);
    expect(lastRequest().url).toMatch(/:streamRawPredict$/);
    expect(lastRequest().body.stream).toBe(true);
  });
});
