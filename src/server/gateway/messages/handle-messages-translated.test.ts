import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { masterKey, openAIUpstreamKey, startHarness, type Harness } from "../testing/gateway-harness";

// /v1/messages to an OpenAI-format deployment (the harness's gpt-4o): translated to chat and back.
let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(64_000);
});
afterEach(async () => {
  await harness.close();
});

const request = {
  model: "gpt-4o",
  max_tokens: 100,
  system: [{ type: "text", text: "Be terse.", cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: "Hi" }],
};

function sse(...payloads: (object | string)[]): Readable {
  const text = payloads.map((payload) => `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`).join("");
  return Readable.from([Buffer.from(text)]);
}

const chunk = (delta: object, finish: string | null = null) => ({ id: "chatcmpl-9", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] });

/** The SSE events of a response: each `event:` name, checked against its payload's type. */
async function events(response: Response): Promise<{ type: string; [key: string]: unknown }[]> {
  const blocks = (await response.text()).split("\n\n").filter((block) => block.trim() !== "");
  return blocks.map((block) => {
    const name = /^event: (.*)$/m.exec(block)?.[1];
    const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]) as { type: string };
    expect(name).toBe(data.type);
    return data;
  });
}

describe("POST /v1/messages to an OpenAI-format deployment", () => {
  it("sends chat completions with the deployment's key and model, and answers an Anthropic message", async () => {
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: request });
    expect(response.status).toBe(200);
    const sent = harness.sent[0];
    expect(sent.url).toMatch(/\/chat\/completions$/);
    expect(sent.headers.authorization).toBe(`Bearer ${openAIUpstreamKey}`);
    expect(JSON.parse(sent.body!)).toEqual({
      model: "gpt-4o-2024-08-06",
      messages: [
        { role: "system", content: "Be terse." },
        { role: "user", content: "Hi" },
      ],
      max_completion_tokens: 100,
    });
    expect(await response.json()).toEqual({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "gpt-4o",
      content: [{ type: "text", text: "Hello" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it("refuses what chat cannot express with a 400 naming the field, before any upstream call", async () => {
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: { ...request, thinking: { type: "enabled", budget_tokens: 1024 } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "`thinking` cannot be sent to this model: extended thinking needs an Anthropic deployment; leave it out or disable it." },
    });
    expect(harness.sent).toHaveLength(0);
  });

  it("streams Anthropic's events, named by their type, from chat chunks", async () => {
    harness.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: sse(
        chunk({ role: "assistant", content: "" }),
        chunk({ content: "Let me look." }),
        chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "read", arguments: '{"path":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] }),
        chunk({}, "tool_calls"),
        { id: "chatcmpl-9", object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
        "[DONE]",
      ),
    });
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: { ...request, stream: true } });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(JSON.parse(harness.sent[0].body!)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const received = await events(response);
    expect(received.map((event) => event.type)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(received[5]).toEqual({ type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "call_1", name: "read", input: {} } });
    expect(received[9]).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { input_tokens: 7, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it("completes the message when the upstream closes after its finish_reason without usage or [DONE]", async () => {
    harness.answer = async () => ({ status: 200, headers: { "content-type": "text/event-stream" }, body: sse(chunk({ content: "Hi there" }), chunk({}, "length")) });
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: { ...request, stream: true } });
    const received = await events(response);
    expect(received.slice(-2)).toEqual([
      {
        type: "message_delta",
        delta: { stop_reason: "max_tokens", stop_sequence: null },
        usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
      { type: "message_stop" },
    ]);
  });

  it("ends a stream cut off before its finish_reason with an error event, not a message_stop", async () => {
    harness.answer = async () => ({ status: 200, headers: { "content-type": "text/event-stream" }, body: sse(chunk({ content: "Hi" })) });
    const response = await harness.call("POST", "/v1/messages", { key: masterKey, body: { ...request, stream: true } });
    const received = await events(response);
    expect(received.at(-1)).toEqual({ type: "error", error: { type: "api_error", message: "The upstream stream ended before the answer was complete." } });
    expect(received.map((event) => event.type)).not.toContain("message_stop");
  });
});
