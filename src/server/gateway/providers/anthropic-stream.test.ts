import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SseSplitter, type SseEvent } from "../stream/sse";
import { anthropicProvider } from "./anthropic";
import { createChatStreamTranslator } from "./anthropic-stream";

const streamBytes = readFileSync(new URL("./__fixtures__/anthropic-stream-tool-use.txt", import.meta.url));
const now = () => 1_750_000_000_999;

/** Feeds the recorded stream through the splitter `chunkSize` bytes at a time, as a socket would. */
function eventsOf(bytes: Uint8Array, chunkSize: number): SseEvent[] {
  const splitter = new SseSplitter();
  const events: SseEvent[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    events.push(...splitter.push(bytes.subarray(offset, offset + chunkSize)));
  }
  return [...events, ...splitter.flush()];
}

function translateAll(events: SseEvent[]): string[] {
  const translator = createChatStreamTranslator(now);
  return events.flatMap((event) => translator.translate(event));
}

function parsed(payloads: string[]): unknown[] {
  return payloads.map((payload) => (payload === "[DONE]" ? payload : JSON.parse(payload)));
}

const envelope = {
  id: "msg_014p7gG3wDgGV9EUtLvnow3U",
  object: "chat.completion.chunk",
  created: 1_750_000_000,
  model: "claude-sonnet-4-5-20250929",
};
const chunk = (delta: object, finish_reason: string | null = null) => ({
  ...envelope,
  choices: [{ index: 0, delta, finish_reason }],
});

const expectedChunks = [
  chunk({ role: "assistant", content: "" }),
  chunk({ content: "Okay, let's check the weather" }),
  chunk({ content: " in San Francisco (°C):" }),
  chunk({
    tool_calls: [{ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } }],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: ' "San Francisco, CA"' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: ', "unit": "celsius"}' } }] }),
  chunk({
    tool_calls: [{ index: 1, id: "toolu_01Ux3VnQcR5eMvD1W8qJb2Xk", type: "function", function: { name: "get_time", arguments: "" } }],
  }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: '{"timezone": "America/Los_Angeles"}' } }] }),
  chunk({}, "tool_calls"),
  {
    ...envelope,
    choices: [],
    usage: {
      prompt_tokens: 472 + 1024,
      completion_tokens: 118,
      total_tokens: 472 + 1024 + 118,
      prompt_tokens_details: { cached_tokens: 1024 },
      cache_creation_input_tokens: 0,
    },
  },
  "[DONE]",
];

describe("Anthropic stream translation", () => {
  it("turns the recorded stream, split every 7 bytes, into the exact OpenAI chunks", () => {
    expect(parsed(translateAll(eventsOf(streamBytes, 7)))).toStrictEqual(expectedChunks);
  });

  it.each([1, 3, 64, streamBytes.length])("gives the same chunks when split every %i bytes", (chunkSize) => {
    expect(translateAll(eventsOf(streamBytes, chunkSize))).toEqual(translateAll(eventsOf(streamBytes, 7)));
  });

  it("reassembles the tool arguments into valid JSON per tool call", () => {
    const argumentsByIndex = new Map<number, string>();
    for (const payload of translateAll(eventsOf(streamBytes, 7))) {
      if (payload === "[DONE]") continue;
      const toolCalls = JSON.parse(payload).choices[0]?.delta.tool_calls ?? [];
      for (const call of toolCalls as { index: number; function: { arguments: string } }[]) {
        argumentsByIndex.set(call.index, (argumentsByIndex.get(call.index) ?? "") + call.function.arguments);
      }
    }
    expect([...argumentsByIndex.entries()].map(([index, json]) => [index, JSON.parse(json)])).toEqual([
      [0, { location: "San Francisco, CA", unit: "celsius" }],
      [1, { timezone: "America/Los_Angeles" }],
    ]);
  });

  it("is wired through the provider", () => {
    const translator = anthropicProvider.createStreamTranslator?.("chat");
    const payloads = eventsOf(streamBytes, 7).flatMap((event) => translator?.translate(event) ?? []);
    expect(payloads).toHaveLength(expectedChunks.length);
    expect(payloads.at(-1)).toBe("[DONE]");
  });

  it("emits nothing for ping, content_block_stop or non-JSON data", () => {
    const translator = createChatStreamTranslator(now);
    expect(translator.translate({ event: "ping", data: '{"type": "ping"}', raw: "" })).toEqual([]);
    expect(translator.translate({ event: "content_block_stop", data: '{"type":"content_block_stop","index":0}', raw: "" })).toEqual([]);
    expect(translator.translate({ data: "not json", raw: "" })).toEqual([]);
  });

  it("maps stop reasons and takes cumulative usage from message_delta when it carries input counts", () => {
    const translator = createChatStreamTranslator(now);
    const send = (data: object) => parsed(translator.translate({ data: JSON.stringify(data), raw: "" }));
    send({ type: "message_start", message: { id: "msg_2", model: "claude-haiku-4-5", usage: { input_tokens: 10, output_tokens: 1 } } });
    expect(send({ type: "message_delta", delta: { stop_reason: "max_tokens" }, usage: { input_tokens: 12, output_tokens: 50 } })).toEqual([
      { id: "msg_2", object: "chat.completion.chunk", created: 1_750_000_000, model: "claude-haiku-4-5", choices: [{ index: 0, delta: {}, finish_reason: "length" }] },
    ]);
    const [usageChunk, done] = send({ type: "message_stop" });
    expect(usageChunk).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 50, total_tokens: 62 } });
    expect(done).toBe("[DONE]");
  });

  it("turns an error event into an OpenAI error payload and ends the stream", () => {
    const translator = createChatStreamTranslator(now);
    translator.translate({ event: "message_start", data: '{"type":"message_start","message":{"id":"msg_3","model":"m","usage":{"input_tokens":1,"output_tokens":1}}}', raw: "" });
    const data = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    expect(parsed(translator.translate({ event: "error", data, raw: "" }))).toEqual([
      { error: { message: "Overloaded", type: "overloaded_error", param: null, code: "overloaded_error" } },
      "[DONE]",
    ]);
    expect(translator.translate({ data: '{"type":"message_stop"}', raw: "" })).toEqual([]);
  });
});
