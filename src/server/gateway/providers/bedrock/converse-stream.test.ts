import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { createConverseStreamTranslator } from "./converse-stream";
import { EventStreamDecoder } from "./event-stream-decoder";
import { converseToChatCompletion } from "./converse-response";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

function event(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: Buffer.from(JSON.stringify(payload)),
  });
}

function exception(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ":exception-type": { type: "string", value: type }, ":message-type": { type: "string", value: "exception" } },
    body: Buffer.from(JSON.stringify({ message })),
  });
}

const toolStream = Buffer.concat([
  event("messageStart", { role: "assistant" }),
  event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Let me check. " } }),
  event("contentBlockStop", { contentBlockIndex: 0 }),
  event("contentBlockStart", { contentBlockIndex: 1, start: { toolUse: { toolUseId: "tooluse_1", name: "weather" } } }),
  event("contentBlockDelta", { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } }),
  event("contentBlockDelta", { contentBlockIndex: 1, delta: { toolUse: { input: '"Paris"}' } } }),
  event("contentBlockStop", { contentBlockIndex: 1 }),
  event("messageStop", { stopReason: "tool_use" }),
  event("metadata", { usage: { inputTokens: 20, outputTokens: 8, totalTokens: 40, cacheReadInputTokens: 12 }, metrics: { latencyMs: 5 } }),
]);

/** Decodes `bytes` fed in slices of `size`, translating every event. */
function run(bytes: Uint8Array, size: number): string[] {
  const decoder = new EventStreamDecoder();
  const translator = createConverseStreamTranslator("amazon.nova-lite-v1:0", () => 1_000_000);
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    for (const decoded of decoder.push(bytes.subarray(at, at + size))) out.push(...translator.translate(decoded));
  }
  for (const decoded of decoder.end()) out.push(...translator.translate(decoded));
  out.push(...(translator.end?.() ?? []));
  return out;
}

describe("ConverseStream through the event-stream decoder", () => {
  it("gives the same OpenAI chunks whether messages arrive whole or split at any byte", () => {
    const whole = run(toolStream, toolStream.length);
    for (const size of [1, 3, 16, 17, 100]) expect(run(toolStream, size).map(withoutId)).toEqual(whole.map(withoutId));
    const chunks = whole.slice(0, -1).map((data) => JSON.parse(data));
    expect(whole.at(-1)).toBe("[DONE]");
    expect(chunks[0]).toMatchObject({ object: "chat.completion.chunk", model: "amazon.nova-lite-v1:0", created: 1000, choices: [{ delta: { role: "assistant", content: "" } }] });
    expect(chunks[1].choices[0].delta).toEqual({ content: "Let me check. " });
    expect(chunks[2].choices[0].delta).toEqual({ tool_calls: [{ index: 0, id: "tooluse_1", type: "function", function: { name: "weather", arguments: "" } }] });
    expect(chunks[3].choices[0].delta.tool_calls[0]).toEqual({ index: 0, function: { arguments: '{"city":' } });
    expect(chunks[5].choices[0].finish_reason).toBe("tool_calls");
    // Cached prompt tokens count inside prompt_tokens, as OpenAI counts them.
    expect(chunks[6]).toMatchObject({ choices: [], usage: { prompt_tokens: 32, completion_tokens: 8, total_tokens: 40, prompt_tokens_details: { cached_tokens: 12 } } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("ends a stream with an exception as an OpenAI error payload, then [DONE]", () => {
    const bytes = Buffer.concat([event("messageStart", { role: "assistant" }), exception("throttlingException", "Too many tokens")]);
    const out = run(bytes, 5);
    expect(JSON.parse(out[1])).toEqual({ error: { message: "Bedrock ThrottlingException: Too many tokens", type: "rate_limit_error", param: null, code: "ThrottlingException" } });
    expect(out.slice(2)).toEqual(["[DONE]"]);
  });

  it("refuses a corrupted message (CRC) and a stream cut inside a message", () => {
    const corrupted = Buffer.from(event("messageStart", { role: "assistant" }));
    corrupted[corrupted.length - 6] ^= 0xff;
    expect(() => new EventStreamDecoder().push(corrupted)).toThrow();
    const decoder = new EventStreamDecoder();
    decoder.push(toolStream.subarray(0, 30));
    expect(() => decoder.end()).toThrow(/inside a message/);
  });

  it("decodes InvokeModel's chunk events into Anthropic's event JSON", () => {
    const anthropicEvent = { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "hé" } };
    const bytes = event("chunk", { bytes: Buffer.from(JSON.stringify(anthropicEvent)).toString("base64") });
    expect(new EventStreamDecoder().push(bytes)).toEqual([{ event: "content_block_delta", data: JSON.stringify(anthropicEvent), raw: "" }]);
  });
});

describe("converseToChatCompletion", () => {
  it("translates text, tool calls, finish reason and usage with cache tokens", () => {
    const completion = converseToChatCompletion(
      {
        output: { message: { role: "assistant", content: [{ text: "Checking." }, { toolUse: { toolUseId: "tooluse_9", name: "weather", input: { city: "Oslo" } } }] } },
        stopReason: "tool_use",
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 22, cacheReadInputTokens: 4, cacheWriteInputTokens: 3 },
      },
      "us.anthropic.claude-sonnet-4-6",
      () => 2_000_000,
    );
    expect(completion).toMatchObject({
      object: "chat.completion",
      created: 2000,
      model: "us.anthropic.claude-sonnet-4-6",
      choices: [
        {
          message: { role: "assistant", content: "Checking.", tool_calls: [{ id: "tooluse_9", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 17, completion_tokens: 5, total_tokens: 22, prompt_tokens_details: { cached_tokens: 4 }, cache_creation_input_tokens: 3 },
    });
    expect(String(completion.id)).toMatch(/^chatcmpl-/);
  });

  it("refuses an answer that is not Converse's", () => {
    expect(() => converseToChatCompletion({ hello: 1 }, "m")).toThrow(/Converse/);
  });
});

function withoutId(data: string): string {
  return data === "[DONE]" ? data : JSON.stringify({ ...JSON.parse(data), id: "" });
}
