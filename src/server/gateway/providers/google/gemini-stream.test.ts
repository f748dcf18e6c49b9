import { describe, expect, it } from "vitest";
import { createGeminiStreamTranslator } from "./gemini-stream";

const event = (data: unknown) => ({ data: JSON.stringify(data), raw: "" });

describe("Gemini stream translation", () => {
  it("streams text, then the finish reason, then usage and [DONE] when the stream closes", () => {
    const translator = createGeminiStreamTranslator(() => 1_700_000_000_000);
    const payloads = [
      ...translator.translate(event({ candidates: [{ content: { parts: [{ text: "Hel" }] } }], responseId: "r1", modelVersion: "gemini-2.5-flash" })),
      ...translator.translate(
        event({ candidates: [{ content: { parts: [{ text: "lo" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, thoughtsTokenCount: 3 } }),
      ),
      ...translator.end!(),
    ];
    expect(payloads.at(-1)).toBe("[DONE]");
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: "assistant", content: "" }, { content: "Hel" }, { content: "lo" }, {}, undefined]);
    expect(chunks[3].choices[0].finish_reason).toBe("stop");
    expect(chunks.every((chunk) => chunk.id === "r1" && chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 3 } } });
  });

  it("streams a function call whole, numbered from 0, finishing for tool_calls", () => {
    const translator = createGeminiStreamTranslator();
    const payloads = translator.translate(
      event({ candidates: [{ content: { parts: [{ functionCall: { name: "f", args: { a: 1 } } }, { functionCall: { name: "g" } }] }, finishReason: "STOP" }] }),
    );
    const chunks = payloads.map((payload) => JSON.parse(payload));
    expect(chunks[1].choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, type: "function", function: { name: "f", arguments: '{"a":1}' } });
    expect(chunks[2].choices[0].delta.tool_calls[0]).toMatchObject({ index: 1, function: { name: "g", arguments: "{}" } });
    expect(chunks[3].choices[0].finish_reason).toBe("tool_calls");
  });

  it("ends with an OpenAI-shaped error on Google's error event", () => {
    const translator = createGeminiStreamTranslator();
    const payloads = translator.translate(event({ error: { code: 429, message: "quota", status: "RESOURCE_EXHAUSTED" } }));
    expect(payloads).toEqual([JSON.stringify({ error: { message: "quota", type: "rate_limit_error", param: null, code: "resource_exhausted" } }), "[DONE]"]);
    expect(translator.end!()).toEqual([]);
  });
});
