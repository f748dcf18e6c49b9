import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "../testing/gateway-harness";

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(64_000);
});
afterEach(async () => {
  await harness.close();
});

const anthropicMessage = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "text", text: "Hello" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};

/** A request with what a Claude Code turn carries: system blocks with cache_control, tools, thinking, metadata and an image. */
const rich = {
  model: "claude-sonnet",
  max_tokens: 1024,
  system: [{ type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } }],
  tools: [{ name: "read_file", description: "Reads a file", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
  thinking: { type: "enabled", budget_tokens: 512 },
  metadata: { user_id: "dev-1" },
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      ],
    },
  ],
};

async function anthropicError(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { type: string; error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(["type", "error"]);
  expect(body.type).toBe("error");
  expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
  return body.error as { type: string; message: string };
}

describe("POST /v1/messages to an Anthropic deployment", () => {
  it("passes the body through with only the model replaced, with the deployment's key and the client's Anthropic headers", async () => {
    harness.answer = async () => jsonUpstreamResponse(200, anthropicMessage);
    const response = await harness.call("POST", "/v1/messages", {
      key: masterKey,
      body: rich,
      headers: { "anthropic-version": "2023-01-01", "anthropic-beta": "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(anthropicMessage);
    const [sent] = harness.sent;
    expect(sent.url).toBe("https://api.anthropic.com/v1/messages");
    expect(JSON.parse(sent.body!)).toEqual({ ...rich, model: "claude-sonnet-4-5" });
    expect(sent.headers).toMatchObject({
      "x-api-key": "sk-ant-upstream-secret",
      "anthropic-version": "2023-01-01",
      "anthropic-beta": "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14",
    });
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("sends anthropic-version 2023-06-01 when the client sent none, and no anthropic-beta", async () => {
    harness.answer = async () => jsonUpstreamResponse(200, anthropicMessage);
    for (const path of ["/v1/messages", "/messages", "/anthropic/v1/messages"]) {
      const response = await harness.call("POST", path, { headers: { "x-api-key": masterKey }, body: rich });
      expect(response.status, path).toBe(200);
    }
    expect(harness.sent).toHaveLength(3);
    for (const sent of harness.sent) {
      expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
      expect(sent.headers["anthropic-beta"]).toBeUndefined();
    }
  });

  it("relays a stream as it came", async () => {
    const events = 'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';
    harness.answer = async () => ({ status: 200, headers: { "content-type": "text/event-stream" }, body: Readable.from([Buffer.from(events)]) });
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: { ...rich, stream: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await response.text()).toBe(events);
    expect(JSON.parse(harness.sent[0].body!).stream).toBe(true);
  });

  it("answers an upstream error with its status and Anthropic type", async () => {
    harness.answer = async () => jsonUpstreamResponse(400, { type: "error", error: { type: "invalid_request_error", message: "messages: roles must alternate" } });
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: rich });
    expect(response.status).toBe(400);
    expect(await anthropicError(response)).toEqual({ type: "invalid_request_error", message: "messages: roles must alternate" });
  });
});

describe("POST /v1/messages: errors in Anthropic's shape", () => {
  it.each([
    ["no key", {}, rich, 401, "authentication_error", "Missing API key"],
    ["a wrong key", { "x-api-key": "sk-not-a-real-key-000000000000" }, rich, 401, "authentication_error", "Invalid API key"],
    ["an unknown model", { "x-api-key": masterKey }, { ...rich, model: "claude-nope" }, 404, "not_found_error", "The model 'claude-nope' does not exist"],
    ["bad JSON", { "x-api-key": masterKey }, '{"model":', 400, "invalid_request_error", "not valid JSON"],
    ["no max_tokens", { "x-api-key": masterKey }, { ...rich, max_tokens: undefined }, 400, "invalid_request_error", "'max_tokens' is required"],
    ["messages not an array", { "x-api-key": masterKey }, { ...rich, messages: {} }, 400, "invalid_request_error", "'messages' is required and must be an array"],
    ["no model", { "x-api-key": masterKey }, { ...rich, model: undefined }, 400, "invalid_request_error", "'model' is required"],
  ])("%s", async (_case, headers, body, status, type, message) => {
    const response = await harness.call("POST", "/v1/messages", { headers, body });
    expect(response.status).toBe(status);
    const error = await anthropicError(response);
    expect(error.type).toBe(type);
    expect(error.message).toContain(message);
    expect(harness.sent).toHaveLength(0);
  });

  it("answers an unexpected failure with a 500 api_error that does not leak it", async () => {
    harness.answer = async () => {
      throw new TypeError("secret internals hunter2");
    };
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: rich });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({ type: "error", error: { type: "api_error", message: "Internal error in the gateway; it has been logged." } });
  });

  it("keeps OpenAI's shape on the OpenAI routes", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { body: { model: "gpt-4o", messages: [] } });
    expect(response.status).toBe(401);
    expect(Object.keys(((await response.json()) as { error: object }).error).sort()).toEqual(["code", "message", "param", "type"]);
  });
});

describe("the Messages paths refuse in Anthropic's shape before any handler too", () => {
  it("405 for another method, 403 for a browser origin that is not allowed", async () => {
    const wrongMethod = await harness.call("GET", "/v1/messages", { key: masterKey });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(await anthropicError(wrongMethod)).toEqual({ type: "invalid_request_error", message: "GET is not allowed on /v1/messages; use POST" });
    const preflight = await harness.call("OPTIONS", "/messages", { headers: { origin: "http://elsewhere.example", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(403);
    expect((await anthropicError(preflight)).type).toBe("permission_error");
  });
});
