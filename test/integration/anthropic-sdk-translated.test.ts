import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";
import { anthropicFailure, spendRowsOf } from "./helpers/anthropic-sdk";

// The official Anthropic SDK against the built server, with model groups served by OpenAI-format
// deployments (openai, azure, an OpenAI-compatible vLLM) of the fake: /v1/messages translated to
// chat completions and back, streamed and not.
let fake: FakeProviders;
let gateway: GatewayProcess;
let costMapDirectory: string;
let key: string;
let client: Anthropic;

const price = { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 };

beforeAll(async () => {
  fake = await startFakeProviders();
  costMapDirectory = mkdtempSync(join(tmpdir(), "switchyard-anthropic-translated-"));
  const costMapFile = join(costMapDirectory, "cost-map.json");
  writeFileSync(costMapFile, JSON.stringify({ "gpt-4o": price }));
  gateway = await startGateway({
    config: `model_list:
  - model_name: claude-sonnet-4-5
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-openai-0001 }
  - model_name: claude-haiku-4-5
    litellm_params: { model: azure/haiku-stand-in, api_base: "${fake.url}", api_key: sk-azure-0002, api_version: "2024-10-21" }
  - model_name: claude-opus-4-1
    litellm_params: { model: hosted_vllm/llama, api_base: "${fake.url}/v1", api_key: sk-vllm-0003 }
`,
    env: { SWITCHYARD_COST_MAP_URL: costMapFile },
  });
  key = await createKey(gateway.url, { key_alias: "translated" });
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

describe("messages.create, translated", () => {
  it("sends chat completions with the deployment's key and answers an Anthropic message, with either key header", async () => {
    // temperature is not in this SDK version's types, but the API (and the translation) take it.
    const message = await client.messages.create({ ...hello, system: "Be brief.", temperature: 0.2 } as Anthropic.MessageCreateParamsNonStreaming);
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [{ type: "text", text: "echo: hello claude" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
    expect(message.id).toMatch(/^msg_/);
    const upstream = lastUpstream();
    expect(upstream.url).toBe("/v1/chat/completions");
    expect(upstream.headers.authorization).toBe("Bearer sk-openai-0001");
    expect(upstream.body).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hello claude" },
      ],
      max_completion_tokens: 256,
      temperature: 0.2,
    });

    const bearer = new Anthropic({ baseURL: gateway.url, apiKey: null, authToken: key, maxRetries: 0 });
    expect((await bearer.messages.create({ ...hello, model: "claude-haiku-4-5" })).content).toEqual([{ type: "text", text: "echo: hello claude" }]);
    expect(lastUpstream().url).toBe("/openai/deployments/haiku-stand-in/chat/completions?api-version=2024-10-21");
    expect(lastUpstream().headers["api-key"]).toBe("sk-azure-0002");
  });

  it("sends images as image_url parts, base64 as a data URL", async () => {
    await client.messages.create({
      ...hello,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
            { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
            { type: "text", text: "what are these?" },
          ],
        },
      ],
    });
    expect(lastUpstream().body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          { type: "text", text: "what are these?" },
        ],
      },
    ]);
  });

  it("sends stop_sequences as stop; the stop_reason names the sequence where the upstream says which matched (vLLM)", async () => {
    const request = { ...hello, stop_sequences: ["HALT", "never"], messages: [{ role: "user" as const, content: "go on HALT and then more" }] };
    const openai = await client.messages.create(request);
    expect(lastUpstream().body.stop).toEqual(["HALT", "never"]);
    // OpenAI's finish_reason "stop" does not tell a stop sequence from a natural end.
    expect(openai).toMatchObject({ content: [{ type: "text", text: "echo: go on " }], stop_reason: "end_turn", stop_sequence: null });

    const vllm = await client.messages.create({ ...request, model: "claude-opus-4-1" });
    expect(vllm).toMatchObject({ content: [{ type: "text", text: "echo: go on " }], stop_reason: "stop_sequence", stop_sequence: "HALT" });
    const streamed = await client.messages.stream({ ...request, model: "claude-opus-4-1" }).finalMessage();
    expect(streamed).toMatchObject({ content: [{ type: "text", text: "echo: go on " }], stop_reason: "stop_sequence", stop_sequence: "HALT" });
  });
});

describe("messages.stream, translated", () => {
  it("is Anthropic's event sequence, and the SDK builds the final message", async () => {
    const stream = client.messages.stream({ ...hello, messages: [{ role: "user", content: "one two three" }] });
    const types: string[] = [];
    const texts: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") texts.push(event.delta.text);
    }
    expect(types).toEqual(["message_start", "content_block_start", ...texts.map(() => "content_block_delta"), "content_block_stop", "message_delta", "message_stop"]);
    expect(texts).toEqual(["echo:", " one", " two", " three"]);
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "echo: one two three" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(4);
    expect(lastUpstream().body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("sends a ping after message_start, and names every SSE event by its type", async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ ...hello, stream: true }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const blocks = (await response.text()).split("\n\n").filter((block) => block !== "");
    const names = blocks.map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      const name = eventLine.replace(/^event: /, "");
      expect(JSON.parse(dataLine.replace(/^data: /, "")).type).toBe(name);
      return name;
    });
    expect(names.slice(0, 3)).toEqual(["message_start", "ping", "content_block_start"]);
    expect(names.slice(-2)).toEqual(["message_delta", "message_stop"]);
  });
});

describe("a tool loop, translated", () => {
  const tools: Anthropic.Tool[] = [
    { name: "read_file", description: "Reads a file of the project", input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  ];
  const question: Anthropic.MessageParam = { role: "user", content: "what does the README say?" };

  it("tool_use, then tool_result, then the final answer; streamed and not", async () => {
    const first = await client.messages.create({ ...hello, tools, tool_choice: { type: "auto" }, messages: [question] });
    expect(first.stop_reason).toBe("tool_use");
    expect(first.content).toEqual([{ type: "tool_use", id: "call_fake1", name: "read_file", input: { path: "README.md" } }]);
    expect(lastUpstream().body).toMatchObject({
      tools: [{ type: "function", function: { name: "read_file", description: "Reads a file of the project", parameters: tools[0].input_schema } }],
      tool_choice: "auto",
    });

    const streamed = await client.messages.stream({ ...hello, tools, messages: [question] }).finalMessage();
    expect(streamed.content).toEqual(first.content);
    expect(streamed.stop_reason).toBe("tool_use");

    const followUp: Anthropic.MessageParam[] = [
      question,
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_fake1", content: "Switchyard is an LLM gateway" }] },
    ];
    const final = await client.messages.create({ ...hello, tools, messages: followUp });
    expect(final).toMatchObject({ content: [{ type: "text", text: "tool call_fake1 said: Switchyard is an LLM gateway" }], stop_reason: "end_turn" });
    expect(lastUpstream().body.messages).toEqual([
      { role: "user", content: "what does the README say?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_fake1", type: "function", function: { name: "read_file", arguments: '{"path":"README.md"}' } }] },
      { role: "tool", tool_call_id: "call_fake1", content: "Switchyard is an LLM gateway" },
    ]);
    const finalStreamed = await client.messages.stream({ ...hello, tools, messages: followUp }).finalMessage();
    expect(finalStreamed.content).toEqual(final.content);
  });
});

describe("what cannot be translated", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["thinking on", { thinking: { type: "enabled", budget_tokens: 1024 } }, "`thinking` cannot be sent to this model"],
    [
      "a document block",
      { messages: [{ role: "user", content: [{ type: "document", source: { type: "text", media_type: "text/plain", data: "notes" } }] }] },
      "`messages[0].content[0].type` cannot be sent to this model: documents (PDF, plain text) need an Anthropic deployment.",
    ],
    ["Anthropic's web search tool", { tools: [{ type: "web_search_20250305", name: "web_search" }] }, "`tools[0].type` cannot be sent to this model"],
    ["top_k", { top_k: 5 }, "`top_k` cannot be sent to this model"],
  ])("%s: 400 invalid_request_error naming the field, nothing sent upstream", async (_case, fields, message) => {
    const before = fake.requests.length;
    const refused = await anthropicFailure(client.messages.create({ ...hello, ...fields } as Anthropic.MessageCreateParamsNonStreaming));
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe("error");
    expect(refused.body.error.type).toBe("invalid_request_error");
    expect(refused.body.error.message).toContain(message);
    expect(fake.requests.length).toBe(before);
  });

  it("thinking disabled is no obstacle", async () => {
    expect((await client.messages.create({ ...hello, thinking: { type: "disabled" } })).content[0]).toMatchObject({ text: "echo: hello claude" });
  });
});

describe("spend", () => {
  it("records the upstream's chat usage, as the same call on /v1/chat/completions does", async () => {
    const spender = await createKey(gateway.url, { key_alias: "translated-spender" });
    const spending = new Anthropic({ baseURL: gateway.url, apiKey: spender, maxRetries: 0 });
    await spending.messages.create(hello);
    const chatBody = lastUpstream().body;
    await spending.messages.stream(hello).finalMessage();
    const chat = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${spender}`, "content-type": "application/json" },
      body: JSON.stringify({ ...chatBody, model: "claude-sonnet-4-5" }),
    });
    expect(chat.status).toBe(200);
    const chatUsage = (await chat.json()).usage;

    const rows = await spendRows(spender);
    expect(rows).toHaveLength(3);
    const byType = (callType: string) => rows.filter((row) => row.call_type === callType);
    const [chatRow] = byType("chat");
    expect(chatRow.prompt_tokens).toBe(chatUsage.prompt_tokens);
    expect(byType("messages")).toHaveLength(2);
    for (const row of byType("messages")) {
      expect(row).toMatchObject({ status: "success", status_code: 200, unpriced: false, custom_llm_provider: "openai", model: "claude-sonnet-4-5" });
      expect(row.prompt_tokens).toBe(chatRow.prompt_tokens);
      expect(row.spend).toBeCloseTo(row.prompt_tokens * price.input_cost_per_token + row.completion_tokens * price.output_cost_per_token, 15);
    }
    // Whole: the fake's 5 completion tokens, as on chat; streamed: one per word.
    expect(
      byType("messages")
        .map((row) => row.completion_tokens)
        .sort(),
    ).toEqual([3, 5]);
    expect(chatRow.completion_tokens).toBe(5);
  });
});
