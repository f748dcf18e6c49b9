import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Usage } from "../pricing/usage";
import type { StreamTranslator } from "../providers/types";
import { relayStream, type RelayOptions } from "./relay-stream";

type EndResult = Parameters<RelayOptions["onEnd"]>[0];

function chatChunk(content: string): string {
  return `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
}
const usageChunk =
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":2}}}\n\n';
const done = "data: [DONE]\n\n";
const chatStream = chatChunk("Hel") + chatChunk("lo") + usageChunk + done;

/** Cuts text into byte chunks at awkward places, as a network would. */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) out.push(bytes.subarray(start, start + size));
  return out;
}

async function relay(upstream: Readable, options: Partial<RelayOptions> = {}) {
  const ends: EndResult[] = [];
  let output = "";
  for await (const piece of relayStream(upstream, { operation: "chat", clientWantsUsage: false, onEnd: (result) => ends.push(result), ...options })) {
    output += piece;
  }
  return { output, ends };
}

const expectedUsage: Usage = {
  promptTokens: 12,
  completionTokens: 3,
  cachedTokens: 2,
  cacheCreationTokens: 0,
  reasoningTokens: 0,
  audioPromptTokens: 0,
  audioCompletionTokens: 0,
};

describe("relayStream: OpenAI chat", () => {
  it("passes events through byte for byte when the client asked for usage", async () => {
    const { output, ends } = await relay(Readable.from(chunked(chatStream, 7)), { clientWantsUsage: true });
    expect(output).toBe(chatStream);
    expect(ends).toEqual([{ usage: expectedUsage, completed: true, error: undefined }]);
  });

  it("hides the usage-only chunk from a client that did not ask, and still reports the usage", async () => {
    const { output, ends } = await relay(Readable.from(chunked(chatStream, 5)));
    expect(output).toBe(chatChunk("Hel") + chatChunk("lo") + done);
    expect(ends).toEqual([{ usage: expectedUsage, completed: true, error: undefined }]);
  });

  it("reads usage written with a space after the colon (a pretty-printing server), and not from a content that mentions it", async () => {
    const spaced = 'data: {"id":"c","choices": [],"usage": {"prompt_tokens": 12, "completion_tokens": 3, "prompt_tokens_details": {"cached_tokens": 2}}}\n\n';
    const mention = chatChunk('say \\"usage\\":{ please');
    const { output, ends } = await relay(Readable.from([Buffer.from(mention + chatChunk("lo") + spaced + done)]));
    expect(output).toBe(mention + chatChunk("lo") + done);
    expect(ends).toEqual([{ usage: expectedUsage, completed: true, error: undefined }]);
  });

  it("finds the usage chunk among others in one network chunk, after chunks that say usage is null", async () => {
    const { output, ends } = await relay(Readable.from([Buffer.from(chatStream)]));
    expect(output).toBe(chatChunk("Hel") + chatChunk("lo") + done);
    expect(ends[0].usage).toEqual(expectedUsage);
  });

  it("relays keep-alive comments as they came, in every chunking", async () => {
    const withComments = ": keep-alive\n\n" + chatChunk("Hel") + ": OPENROUTER PROCESSING\n\n" + chatChunk("lo") + usageChunk + done;
    const expected = ": keep-alive\n\n" + chatChunk("Hel") + ": OPENROUTER PROCESSING\n\n" + chatChunk("lo") + done;
    for (const size of [3, 17, withComments.length]) {
      const { output, ends } = await relay(Readable.from(chunked(withComments, size)));
      expect(output).toBe(expected);
      expect(ends[0].usage).toEqual(expectedUsage);
    }
  });

  it("yields each event as it completes, not at the end", async () => {
    const pieces: string[] = [];
    for await (const piece of relayStream(Readable.from([Buffer.from(chatChunk("a")), Buffer.from(chatChunk("b") + done)]), {
      operation: "chat",
      clientWantsUsage: false,
      onEnd: () => {},
    })) {
      pieces.push(piece);
    }
    expect(pieces).toEqual([chatChunk("a"), chatChunk("b") + done]);
  });

  it("passes a payload it cannot parse through untouched", async () => {
    const odd = 'data: {"usage":{ not json\n\n';
    const { output, ends } = await relay(Readable.from([Buffer.from(odd + done)]));
    expect(output).toBe(odd + done);
    expect(ends[0]).toMatchObject({ usage: undefined, completed: true });
  });

  it("flushes a last event that has no blank line after it", async () => {
    const { output } = await relay(Readable.from([Buffer.from(chatChunk("x") + "data: [DONE]")]));
    expect(output).toBe(chatChunk("x") + done);
  });
});

describe("relayStream: Responses API", () => {
  it("reports usage from response.completed and passes every event through", async () => {
    const events =
      'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1","status":"in_progress","usage":null}}\n\n' +
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hi"}\n\n' +
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1","status":"completed","usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":0},"output_tokens":5,"output_tokens_details":{"reasoning_tokens":4},"total_tokens":25}}}\n\n';
    const { output, ends } = await relay(Readable.from(chunked(events, 11)), { operation: "responses" });
    expect(output).toBe(events);
    expect(ends).toEqual([{ usage: { ...expectedUsage, promptTokens: 20, completionTokens: 5, cachedTokens: 0, reasoningTokens: 4 }, completed: true, error: undefined }]);
  });
});

describe("relayStream: with an observer", () => {
  it("shows it every payload, and relays comments and events as they came", async () => {
    const events =
      ": keep-alive\n\n" +
      'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n' +
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":3,"output_tokens":1,"total_tokens":4}}}\n\n';
    const seen: string[] = [];
    const { output, ends } = await relay(Readable.from(chunked(events, 9)), { operation: "responses", onPayload: (data) => void seen.push(JSON.parse(data).type) });
    expect(output).toBe(events);
    expect(seen).toEqual(["response.created", "response.completed"]);
    expect(ends[0].usage).toMatchObject({ promptTokens: 3, completionTokens: 1 });
  });
});

describe("relayStream: translated streams", () => {
  it("writes the translator's payloads and hides its usage-only chunk", async () => {
    const translator: StreamTranslator = {
      translate: (event) =>
        event.event === "message_stop"
          ? ['{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":1}}', "[DONE]"]
          : [`{"choices":[{"delta":{"content":${JSON.stringify(event.data)}}}]}`],
    };
    const upstream = Readable.from([Buffer.from("event: content_block_delta\ndata: hi\n\nevent: message_stop\ndata: {}\n\n")]);
    const { output, ends } = await relay(upstream, { translator });
    expect(output).toBe('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    expect(ends[0].usage).toMatchObject({ promptTokens: 7, completionTokens: 1 });
  });
});

describe("relayStream: failures and early ends", () => {
  it("ends a broken upstream with an error event and reports it as not completed", async () => {
    const broken = new Error("socket hang up");
    const upstream = Readable.from(
      (async function* () {
        yield Buffer.from(chatChunk("partial"));
        throw broken;
      })(),
    );
    const { output, ends } = await relay(upstream);
    expect(output.startsWith(chatChunk("partial"))).toBe(true);
    const last = output.slice(chatChunk("partial").length);
    expect(last).toMatch(/^data: \{"error":/);
    expect(last.endsWith("\n\n")).toBe(true);
    expect(JSON.parse(last.slice("data: ".length))).toEqual({
      error: { message: "The upstream stream broke off before it finished", type: "server_error", param: null, code: "upstream_stream_error" },
    });
    expect(last).not.toContain("socket hang up");
    expect(ends).toEqual([{ usage: undefined, completed: false, error: broken }]);
  });

  it("calls onEnd once and destroys the upstream when the consumer stops early", async () => {
    const upstream = Readable.from(chunked(chatStream, 40));
    const ends: EndResult[] = [];
    const generator = relayStream(upstream, { operation: "chat", clientWantsUsage: false, onEnd: (result) => ends.push(result) });
    const first = await generator.next();
    expect(first.done).toBe(false);
    expect(ends).toEqual([]);

    await generator.return(undefined);
    await generator.return(undefined);
    expect(ends).toEqual([{ usage: undefined, completed: false, error: undefined }]);
    expect(upstream.destroyed).toBe(true);
    expect(await generator.next()).toEqual({ value: undefined, done: true });
    expect(ends).toHaveLength(1);
  });

  it("calls onEnd once after a complete stream, however often the consumer calls return", async () => {
    const ends: EndResult[] = [];
    const generator = relayStream(Readable.from([Buffer.from(done)]), { operation: "chat", clientWantsUsage: false, onEnd: (result) => ends.push(result) });
    for await (const _ of generator) {
      // drain
    }
    await generator.return(undefined);
    expect(ends).toHaveLength(1);
    expect(ends[0].completed).toBe(true);
  });

  it("cleans up when the consumer stops before the first chunk (the client left at once)", async () => {
    const upstream = Readable.from(chunked(chatStream, 40));
    const ends: EndResult[] = [];
    const stream = relayStream(upstream, { operation: "chat", clientWantsUsage: false, onEnd: (result) => ends.push(result) });
    await stream.return(undefined);
    expect(ends).toEqual([{ usage: undefined, completed: false, error: undefined }]);
    expect(upstream.destroyed).toBe(true);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(ends).toHaveLength(1);
  });
});

describe("relayStream: Anthropic Messages", () => {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const messagesStream =
    event("message_start", { message: { id: "msg_1", usage: { input_tokens: 20, output_tokens: 1, cache_creation_input_tokens: 300, cache_read_input_tokens: 4000 } } }) +
    ": keep-alive\n\n" +
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
    event("content_block_delta", { index: 0, delta: { type: "text_delta", text: 'a "usage":{ inside text' } }) +
    event("content_block_stop", { index: 0 }) +
    event("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 42 } }) +
    event("message_stop", {});

  it("passes the events through byte for byte and tallies usage from message_start and message_delta, cache tokens included", async () => {
    const { output, ends } = await relay(Readable.from(chunked(messagesStream, 9)), { operation: "messages" });
    expect(output).toBe(messagesStream);
    expect(ends).toEqual([
      {
        usage: { promptTokens: 4320, completionTokens: 42, cachedTokens: 4000, cacheCreationTokens: 300, reasoningTokens: 0, audioPromptTokens: 0, audioCompletionTokens: 0 },
        completed: true,
        error: undefined,
      },
    ]);
  });

  it("names each translated payload's event by its type, as Anthropic's SDKs dispatch on it", async () => {
    const translator: StreamTranslator = { translate: (upstream) => (upstream.data === "[DONE]" ? [] : [JSON.stringify({ type: "ping" })]) };
    const { output } = await relay(Readable.from([Buffer.from("data: {}\n\ndata: [DONE]\n\n")]), { operation: "messages", translator });
    expect(output).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it("ends a broken stream with Anthropic's error event", async () => {
    const upstream = Readable.from(
      (async function* () {
        yield Buffer.from(messagesStream.slice(0, messagesStream.indexOf("event: content_block_delta")));
        throw new Error("socket hang up");
      })(),
    );
    const { output, ends } = await relay(upstream, { operation: "messages" });
    const last = output.slice(output.lastIndexOf("event: "));
    expect(last).toBe(`event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "api_error", message: "The upstream stream broke off before it finished" } })}\n\n`);
    expect(ends[0]).toMatchObject({ completed: false, usage: { promptTokens: 4320, completionTokens: 1 } });
  });
});
