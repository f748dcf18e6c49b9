import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEvents } from "../stream/sse";
import { ChatToMessagesStream, formatSseEvents, type MessagesStreamEvent } from "./translate-stream";

const id = "chatcmpl-C1a2b3";
const chunk = (delta: object, finishReason: string | null = null, extra: object = {}) => ({
  id,
  object: "chat.completion.chunk",
  created: 1_750_000_000,
  model: "gpt-4.1",
  choices: [{ index: 0, delta, finish_reason: finishReason }],
  ...extra,
});
const usage = { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132, prompt_tokens_details: { cached_tokens: 100 } };
const usageChunk = { id, object: "chat.completion.chunk", created: 1_750_000_000, model: "gpt-4.1", choices: [], usage };
const anthropicUsage = { input_tokens: 20, output_tokens: 12, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 };
const toolCall = (index: number, args: string, head?: { id: string; name: string }) => ({
  tool_calls: [{ index, ...(head && { id: head.id, type: "function" }), function: { ...(head && { name: head.name }), arguments: args } }],
});

function run(chunks: unknown[], options: { end?: boolean } = {}): MessagesStreamEvent[] {
  const stream = new ChatToMessagesStream("claude-sonnet-4-5");
  const events = chunks.flatMap((c) => stream.push(c));
  return options.end ? [...events, ...stream.end()] : events;
}

const data = (events: MessagesStreamEvent[]) => events.map((event) => event.data);
const start = (text = "") => ({ type: "content_block_start", index: 0, content_block: { type: "text", text } });
const messageStart = {
  type: "message_start",
  message: {
    id: "msg_C1a2b3",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5",
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  },
};

describe("ChatToMessagesStream", () => {
  it("streams text as Anthropic does, finishing once the usage chunk arrives", () => {
    const events = run([chunk({ role: "assistant", content: "" }), chunk({ content: "Hel" }), chunk({ content: "lo" }), chunk({}, "stop"), usageChunk, "[DONE]"]);
    expect(data(events)).toEqual([
      messageStart,
      { type: "ping" },
      start(),
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: anthropicUsage },
      { type: "message_stop" },
    ]);
    expect(events.every((event) => event.event === event.data.type)).toBe(true);
  });

  it("closes the text block before a tool block, streams the first call live and the second after it", () => {
    const events = run([
      chunk({ role: "assistant", content: "Checking." }),
      chunk(toolCall(0, "", { id: "call_a", name: "read" })),
      chunk(toolCall(0, '{"path":')),
      chunk(toolCall(0, '"a.ts"}')),
      chunk(toolCall(1, '{"n":1}', { id: "call_b", name: "list" })),
      chunk({}, "tool_calls"),
      usageChunk,
      "[DONE]",
    ]);
    expect(data(events).slice(2)).toEqual([
      start(),
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Checking." } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "call_a", name: "read", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"path":' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"a.ts"}' } },
      { type: "content_block_stop", index: 1 },
      { type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "call_b", name: "list", input: {} } },
      { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"n":1}' } },
      { type: "content_block_stop", index: 2 },
      { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: anthropicUsage },
      { type: "message_stop" },
    ]);
  });

  it("keeps interleaved tool calls apart, each block whole and in first-seen order", () => {
    const events = run([
      chunk(toolCall(0, '{"a":', { id: "call_a", name: "f" })),
      chunk(toolCall(1, '{"b":', { id: "call_b", name: "g" })),
      chunk(toolCall(0, "1}")),
      chunk(toolCall(1, "2}")),
      chunk({}, "tool_calls"),
      "[DONE]",
    ]);
    expect(data(events).slice(2, -2)).toEqual([
      { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "call_a", name: "f", input: {} } },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"a":' } },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "1}" } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "call_b", name: "g", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"b":2}' } },
      { type: "content_block_stop", index: 1 },
    ]);
  });

  it("holds text that arrives during a tool call and emits it as its own block after", () => {
    const events = run([chunk(toolCall(0, "{}", { id: "call_a", name: "f" })), chunk({ content: "done" }), chunk({}, "tool_calls"), "[DONE]"]);
    expect(data(events).slice(5, 8)).toEqual([
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "done" } },
      { type: "content_block_stop", index: 1 },
    ]);
  });

  it("finishes at once when usage comes with the finish_reason", () => {
    const events = run([chunk({ content: "x" }), chunk({}, "length", { usage })]);
    expect(data(events).slice(-2)).toEqual([{ type: "message_delta", delta: { stop_reason: "max_tokens", stop_sequence: null }, usage: anthropicUsage }, { type: "message_stop" }]);
  });

  it("waits for [DONE] after a finish_reason without usage, and reports zero usage then", () => {
    const stream = new ChatToMessagesStream("m");
    expect(data(stream.push(chunk({}, "stop"))).map((event) => event.type)).toEqual(["message_start", "ping"]);
    expect(data(stream.push("[DONE]"))).toEqual([
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
      { type: "message_stop" },
    ]);
    expect(stream.push(usageChunk)).toEqual([]);
    expect(stream.end()).toEqual([]);
  });

  it("answers a stream without content with no blocks", () => {
    expect(data(run([chunk({ role: "assistant", content: "" }), chunk({}, "stop"), usageChunk])).map((event) => event.type)).toEqual([
      "message_start",
      "ping",
      "message_delta",
      "message_stop",
    ]);
  });

  it("completes a stream that ends after its finish_reason without [DONE]", () => {
    expect(data(run([chunk({ content: "x" }), chunk({}, "stop")], { end: true })).map((event) => event.type)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("ends a stream cut off before its finish_reason with an error, not a complete-looking message", () => {
    const events = run([chunk({ content: "Half an ans" })], { end: true });
    expect(events.at(-1)).toEqual({
      event: "error",
      data: { type: "error", error: { type: "api_error", message: "The upstream stream ended before the answer was complete." } },
    });
    expect(events.some((event) => event.event === "message_stop")).toBe(false);
  });

  it("relays an error chunk as an error event and ignores what follows", () => {
    const stream = new ChatToMessagesStream("m");
    stream.push(chunk({ content: "a" }));
    expect(data(stream.push({ error: { message: "The server had an error", type: "server_error" } }))).toEqual([
      { type: "error", error: { type: "api_error", message: "The server had an error" } },
    ]);
    expect(stream.push(chunk({ content: "b" }))).toEqual([]);
  });

  it("streams a refusal as text and ends with stop_reason refusal", () => {
    const events = run([chunk({ refusal: "I can't." }), chunk({}, "stop"), usageChunk]);
    expect(data(events).at(3)).toEqual({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "I can't." } });
    expect(data(events).at(-2)).toMatchObject({ delta: { stop_reason: "refusal" } });
  });

  it("names a matched stop sequence that the server reports", () => {
    const events = run([chunk({ content: "x" }), { ...chunk({}, "stop"), choices: [{ index: 0, delta: {}, finish_reason: "stop", stop_reason: "END" }] }, usageChunk]);
    expect(data(events).at(-2)).toMatchObject({ delta: { stop_reason: "stop_sequence", stop_sequence: "END" } });
  });

  it("keeps the final usage for spend", () => {
    const stream = new ChatToMessagesStream("m");
    [chunk({ content: "x" }), chunk({}, "stop"), usageChunk].forEach((c) => stream.push(c));
    expect(stream.usage).toEqual(anthropicUsage);
  });
});

describe("formatSseEvents", () => {
  it("writes events as SSE text that parses back to the same events", () => {
    const events = run([chunk({ content: 'a "quoted"\nline' }), chunk({}, "stop"), usageChunk]);
    const text = formatSseEvents(events);
    expect(text.startsWith('event: message_start\ndata: {"type":"message_start"')).toBe(true);
    expect(parseEvents(text).map((event) => ({ event: event.event, data: JSON.parse(event.data) }))).toEqual(events);
  });
});

/** A random Chat Completions stream: text and tool-call fragments in any order, then an ending. */
const chatStream = fc.record({
  pieces: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 6 }) }),
      fc.record({ kind: fc.constant("tool" as const), index: fc.nat({ max: 3 }), args: fc.string({ maxLength: 6 }) }),
      fc.constant({ kind: "empty" as const }),
    ),
    { maxLength: 25 },
  ),
  finishReason: fc.constantFrom("stop", "length", "tool_calls", "content_filter"),
  usageAt: fc.constantFrom("separate", "with-finish", "none"),
  ending: fc.constantFrom("done", "end", "done-and-end"),
});

type ChatStream = typeof chatStream extends fc.Arbitrary<infer T> ? T : never;

function chunksOf(stream: ChatStream): unknown[] {
  const seen = new Set<number>();
  const chunks: unknown[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of stream.pieces) {
    if (piece.kind === "text") chunks.push(chunk({ content: piece.text }));
    else if (piece.kind === "empty") chunks.push({ ...usageChunk, usage: undefined });
    else {
      const head = seen.has(piece.index) ? undefined : { id: `call_${piece.index}`, name: `tool${piece.index}` };
      seen.add(piece.index);
      chunks.push(chunk(toolCall(piece.index, piece.args, head)));
    }
  }
  chunks.push(chunk({}, stream.finishReason, stream.usageAt === "with-finish" ? { usage } : {}));
  if (stream.usageAt === "separate") chunks.push(usageChunk);
  if (stream.ending !== "end") chunks.push("[DONE]");
  return chunks;
}

/** Checks the event grammar and returns the content the events carry. */
function readWellFormed(events: MessagesStreamEvent[]) {
  const types = events.map((event) => event.data.type);
  expect(types.slice(0, 2)).toEqual(["message_start", "ping"]);
  expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
  expect(types.filter((type) => type === "message_delta")).toHaveLength(1);
  let open: { index: number; block: Record<string, unknown>; input: string } | undefined;
  const blocks: { block: Record<string, unknown>; input: string }[] = [];
  for (const { event, data } of events.slice(2, -2)) {
    expect(event).toBe(data.type);
    if (data.type === "content_block_start") {
      expect(open).toBeUndefined();
      expect(data.index).toBe(blocks.length);
      open = { index: blocks.length, block: data.content_block as Record<string, unknown>, input: "" };
      blocks.push(open);
    } else if (data.type === "content_block_delta") {
      expect(data.index).toBe(open?.index);
      const delta = data.delta as { type: string; text?: string; partial_json?: string };
      expect(delta.type).toBe(open?.block.type === "text" ? "text_delta" : "input_json_delta");
      open!.input += delta.text ?? delta.partial_json;
    } else {
      expect(data).toEqual({ type: "content_block_stop", index: open?.index });
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
  return {
    text: blocks.filter(({ block }) => block.type === "text").map(({ input }) => input),
    tools: blocks.filter(({ block }) => block.type === "tool_use").map(({ block, input }) => ({ id: block.id, name: block.name, input })),
    end: events.at(-2)!.data,
  };
}

describe("ChatToMessagesStream on random streams", () => {
  it("always yields a well-formed event sequence carrying the same text and tool arguments", () => {
    fc.assert(
      fc.property(chatStream, (stream) => {
        const translator = new ChatToMessagesStream("claude-sonnet-4-5");
        const events = chunksOf(stream).flatMap((c) => translator.push(c));
        if (stream.ending !== "done") events.push(...translator.end());
        const read = readWellFormed(events);

        expect(read.text.join("")).toBe(stream.pieces.map((piece) => (piece.kind === "text" ? piece.text : "")).join(""));
        expect(read.text.every((text) => text !== "")).toBe(true);
        const toolOrder = [...new Set(stream.pieces.flatMap((piece) => (piece.kind === "tool" ? [piece.index] : [])))];
        expect(read.tools).toEqual(
          toolOrder.map((index) => ({
            id: `call_${index}`,
            name: `tool${index}`,
            input: stream.pieces.map((piece) => (piece.kind === "tool" && piece.index === index ? piece.args : "")).join(""),
          })),
        );
        const expectedStop = toolOrder.length > 0 ? "tool_use" : { stop: "end_turn", length: "max_tokens", tool_calls: "tool_use", content_filter: "refusal" }[stream.finishReason];
        expect(read.end).toMatchObject({ delta: { stop_reason: expectedStop }, usage: stream.usageAt === "none" ? { input_tokens: 0 } : anthropicUsage });
      }),
      { numRuns: 500 },
    );
  });
});
