import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { anthropicProvider, toChatCompletion } from "./anthropic";
import type { JsonObject } from "./types";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8"));
}

const deployment: Deployment = {
  id: "claude-1",
  modelGroup: "claude",
  provider: "anthropic",
  providerPrefix: "anthropic",
  upstreamModel: "claude-sonnet-4-5-20250929",
  apiBase: "https://api.anthropic.com",
  apiKey: "sk-ant-test",
  timeoutMs: 60_000,
  mode: "chat",
  accessGroups: [],
  publicParams: {},
  publicModelInfo: {},
};

const hello = [{ role: "user", content: "Hello" }];

/** The Messages API body the provider would send for an OpenAI chat body. */
function anthropicBody(body: JsonObject): JsonObject {
  const request = anthropicProvider.buildRequest("chat", deployment, body);
  return JSON.parse(request.body ?? "null") as JsonObject;
}

function thrownBy(build: () => unknown): GatewayError {
  try {
    build();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError, nothing was thrown");
}

describe("anthropicProvider.supports", () => {
  it("serves chat only", () => {
    expect(anthropicProvider.supports("chat")).toBe(true);
    expect(anthropicProvider.supports("responses")).toBe(false);
    expect(anthropicProvider.supports("embeddings")).toBe(false);
  });

  it("refuses to build a request for another operation", () => {
    const error = thrownBy(() => anthropicProvider.buildRequest("embeddings", deployment, { input: "x" }));
    expect(error.code).toBe("unsupported_operation");
  });
});

describe("anthropicProvider.buildRequest: transport", () => {
  it("posts to /v1/messages with the key and API version", () => {
    const request = anthropicProvider.buildRequest("chat", deployment, { model: "claude", messages: hello });
    expect(request.url).toBe("https://api.anthropic.com/v1/messages");
    expect(request.method).toBe("POST");
    expect(request.headers).toEqual({
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    });
  });

  it.each([
    ["https://proxy.example.com/v1", "https://proxy.example.com/v1/messages"],
    ["https://proxy.example.com/v1/", "https://proxy.example.com/v1/messages"],
    ["https://proxy.example.com/anthropic", "https://proxy.example.com/anthropic/v1/messages"],
  ])("does not double /v1 (apiBase %s)", (apiBase, url) => {
    expect(anthropicProvider.buildRequest("chat", { ...deployment, apiBase }, { messages: hello }).url).toBe(url);
  });

  it("sends no x-api-key header when the deployment has no key", () => {
    const request = anthropicProvider.buildRequest("chat", { ...deployment, apiKey: undefined }, { messages: hello });
    expect(request.headers).not.toHaveProperty("x-api-key");
  });
});

describe("anthropicProvider.buildRequest: body", () => {
  it("uses the upstream model, defaults max_tokens and, with drop_params, drops parameters Anthropic has no equivalent for", () => {
    const request = { model: "claude", messages: hello, n: 1, stream: true, stream_options: { include_usage: true }, frequency_penalty: 0.5, logprobs: false };
    const built = anthropicProvider.buildRequest("chat", { ...deployment, dropParams: true }, request);
    expect(JSON.parse(built.body!)).toEqual({
      model: "claude-sonnet-4-5-20250929",
      max_tokens: 4096,
      stream: true,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
    });
  });

  it("refuses such parameters without drop_params, as LiteLLM does, naming them and the setting", () => {
    const error = thrownBy(() => anthropicBody({ model: "claude", messages: hello, frequency_penalty: 0.5, seed: 7 }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("frequency_penalty");
    expect(error.message).toBe(
      "Anthropic models do not support 'frequency_penalty', 'seed'. To send the request without them, set drop_params: true in litellm_settings or the deployment's litellm_params.",
    );
  });

  it("prefers max_completion_tokens over max_tokens", () => {
    expect(anthropicBody({ messages: hello, max_tokens: 100 }).max_tokens).toBe(100);
    expect(anthropicBody({ messages: hello, max_tokens: 100, max_completion_tokens: 200 }).max_tokens).toBe(200);
  });

  it("passes sampling parameters and maps stop to stop_sequences", () => {
    const body = anthropicBody({ messages: hello, temperature: 0.2, top_p: 0.9, stop: ["END", "\n\nHuman:"] });
    expect(body).toMatchObject({ temperature: 0.2, top_p: 0.9, stop_sequences: ["END", "\n\nHuman:"] });
    expect(anthropicBody({ messages: hello, stop: "END" }).stop_sequences).toEqual(["END"]);
    expect(anthropicBody({ messages: hello, stop: null })).not.toHaveProperty("stop_sequences");
  });

  it("maps user to metadata.user_id", () => {
    expect(anthropicBody({ messages: hello, user: "user-42" }).metadata).toEqual({ user_id: "user-42" });
  });

  it("joins system and developer messages into the top-level system string", () => {
    const body = anthropicBody({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: "Hello" },
      ],
    });
    expect(body.system).toBe("You are terse.\n\nAnswer in French.");
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hello" }] }]);
  });

  it("translates data: and http(s) image URLs into image blocks", () => {
    const body = anthropicBody({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare these." },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "high" } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare these." },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
        ],
      },
    ]);
  });

  it("translates assistant tool calls to tool_use and tool messages to one merged user turn", () => {
    const body = anthropicBody({
      messages: [
        { role: "user", content: "Weather and time in SF?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"SF"}' } },
            { id: "call_2", type: "function", function: { name: "get_time", arguments: "{not json" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "18°C, fog" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "09:15" }] },
        { role: "user", content: "Thanks, summarise." },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather and time in SF?" }] },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "SF" } },
          { type: "tool_use", id: "call_2", name: "get_time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "18°C, fog" },
          { type: "tool_result", tool_use_id: "call_2", content: "09:15" },
          { type: "text", text: "Thanks, summarise." },
        ],
      },
    ]);
  });

  it("merges consecutive same-role messages so roles alternate", () => {
    const body = anthropicBody({
      messages: [
        { role: "user", content: "First." },
        { role: "user", content: "Second." },
        { role: "assistant", content: "Reply one." },
        { role: "assistant", content: "Reply two." },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "First." },
          { type: "text", text: "Second." },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Reply one." },
          { type: "text", text: "Reply two." },
        ],
      },
    ]);
  });

  it("translates function tools and tool_choice", () => {
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather for a city.",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
      { type: "function", function: { name: "get_time" } },
    ];
    const body = anthropicBody({ messages: hello, tools, tool_choice: "auto" });
    expect(body.tools).toEqual([
      {
        name: "get_weather",
        description: "Current weather for a city.",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
      { name: "get_time", input_schema: { type: "object", properties: {} } },
    ]);
    expect(body.tool_choice).toEqual({ type: "auto" });
  });

  it.each([
    ["required", { type: "any" }],
    ["none", { type: "none" }],
    [
      { type: "function", function: { name: "get_time" } },
      { type: "tool", name: "get_time" },
    ],
  ])("maps tool_choice %j", (toolChoice, expected) => {
    const tools = [{ type: "function", function: { name: "get_time" } }];
    expect(anthropicBody({ messages: hello, tools, tool_choice: toolChoice }).tool_choice).toEqual(expected);
  });

  it("maps parallel_tool_calls: false to disable_parallel_tool_use", () => {
    const tools = [{ type: "function", function: { name: "get_time" } }];
    expect(anthropicBody({ messages: hello, tools, tool_choice: "required", parallel_tool_calls: false }).tool_choice).toEqual({
      type: "any",
      disable_parallel_tool_use: true,
    });
    expect(anthropicBody({ messages: hello, tools, parallel_tool_calls: false }).tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
  });

  it("sends no tool_choice without tools, since Anthropic rejects that", () => {
    expect(anthropicBody({ messages: hello, tool_choice: "none" })).not.toHaveProperty("tool_choice");
  });
});

describe("anthropicProvider.buildRequest: invalid requests", () => {
  it.each([
    ["n > 1", { messages: hello, n: 2 }, "n"],
    ["only system messages", { messages: [{ role: "system", content: "Be nice." }] }, "messages"],
    ["no messages", { messages: [] }, "messages"],
    ["messages missing", {}, "messages"],
    ["an unknown role", { messages: [{ role: "function", content: "x" }] }, "messages[0].role"],
    ["an audio part", { messages: [{ role: "user", content: [{ type: "input_audio" }] }] }, "messages[0].content[0]"],
    [
      "an image that is neither http nor data:",
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] }] },
      "messages[0].content[0].image_url",
    ],
    ["a tool message without tool_call_id", { messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
    ["a non-function tool", { messages: hello, tools: [{ type: "web_search" }] }, "tools[0]"],
    ["a non-numeric max_tokens", { messages: hello, max_tokens: "lots" }, "max_tokens"],
    ["a stop list with a number", { messages: hello, stop: ["a", 1] }, "stop"],
  ])("rejects %s with invalid_request", (_case, body, param) => {
    const error = thrownBy(() => anthropicProvider.buildRequest("chat", deployment, body));
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe("anthropicProvider.translateResponse", () => {
  const now = () => 1_750_000_000_123;

  it("translates a text answer with cache usage", () => {
    expect(toChatCompletion(fixture("anthropic-message-text.json"), now)).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      object: "chat.completion",
      created: 1_750_000_000,
      model: "claude-sonnet-4-5-20250929",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Paris is the capital of France. It sits on the Seine and has about 2.1 million inhabitants.",
          },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 21 + 1536 + 188,
        completion_tokens: 27,
        total_tokens: 21 + 1536 + 188 + 27,
        prompt_tokens_details: { cached_tokens: 1536 },
        cache_creation_input_tokens: 188,
      },
    });
  });

  it("translates a tool_use answer into tool_calls", () => {
    const completion = toChatCompletion(fixture("anthropic-message-tool-use.json"), now);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: "I'll check the current weather in San Francisco for you.",
          tool_calls: [
            {
              id: "toolu_01A09q90qw90lq917835lq9",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
            },
          ],
        },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 384,
      completion_tokens: 74,
      total_tokens: 458,
      prompt_tokens_details: { cached_tokens: 0 },
      cache_creation_input_tokens: 0,
    });
  });

  it("gives null content and maps max_tokens to length when there is no text", () => {
    const completion = toChatCompletion({ id: "msg_1", model: "claude-haiku-4-5", content: [], stop_reason: "max_tokens", usage: { input_tokens: 5, output_tokens: 0 } }, now);
    expect(completion.choices).toEqual([{ index: 0, message: { role: "assistant", content: null }, logprobs: null, finish_reason: "length" }]);
  });

  it("is wired through the provider with a current timestamp", () => {
    const before = Math.floor(Date.now() / 1000);
    const completion = anthropicProvider.translateResponse?.("chat", fixture("anthropic-message-text.json")) as JsonObject;
    expect(completion.object).toBe("chat.completion");
    expect(completion.created).toBeGreaterThanOrEqual(before);
    expect(completion.created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("rejects a body that is not a message", () => {
    expect(thrownBy(() => toChatCompletion({ type: "error" })).status).toBe(502);
  });
});

describe("anthropicProvider.translateError", () => {
  it("translates Anthropic's error body", () => {
    expect(anthropicProvider.translateError?.(529, fixture("anthropic-error.json"))).toEqual({
      error: { message: "Overloaded", type: "overloaded_error", param: null, code: "overloaded_error" },
    });
  });

  it("accepts the body as JSON text", () => {
    const text = JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: "max_tokens: Field required" } });
    expect(anthropicProvider.translateError?.(400, text)?.error).toMatchObject({
      message: "max_tokens: Field required",
      type: "invalid_request_error",
    });
  });

  it.each([["<html>Bad Gateway</html>"], [null], [{ message: "no error object" }], [{ error: { type: 1 } }]])("returns undefined for %j", (body) => {
    expect(anthropicProvider.translateError?.(502, body)).toBeUndefined();
  });
});
