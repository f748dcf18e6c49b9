import { describe, expect, it } from "vitest";
import { toOpenAIError } from "./google-errors";
import { toChatCompletion, toOpenAIUsage } from "./gemini-response";

const now = () => 1_700_000_000_000;

describe("toChatCompletion", () => {
  it("answers text with Gemini's usage, thinking billed as output and cached tokens named", () => {
    const completion = toChatCompletion(
      {
        candidates: [{ content: { role: "model", parts: [{ text: "thinking...", thought: true }, { text: "Hello" }, { text: " there" }] }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 5, thoughtsTokenCount: 40, cachedContentTokenCount: 60, totalTokenCount: 145 },
        modelVersion: "gemini-2.5-flash",
        responseId: "resp-1",
      },
      now,
    );
    expect(completion).toEqual({
      id: "resp-1",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gemini-2.5-flash",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello there", reasoning_content: "thinking..." }, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 45,
        total_tokens: 145,
        prompt_tokens_details: { cached_tokens: 60 },
        completion_tokens_details: { reasoning_tokens: 40 },
      },
    });
  });

  it("answers function calls as tool calls with ids, finishing for tool_calls", () => {
    const completion = toChatCompletion({
      candidates: [{ content: { parts: [{ functionCall: { name: "a", args: { x: 1 } } }, { functionCall: { id: "given", name: "b", args: {} } }] }, finishReason: "STOP" }],
    });
    const [choice] = completion.choices as Array<{ message: { tool_calls: Array<{ id: string; function: unknown }> }; finish_reason: string }>;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.tool_calls.map((call) => call.function)).toEqual([
      { name: "a", arguments: '{"x":1}' },
      { name: "b", arguments: "{}" },
    ]);
    expect(choice.message.tool_calls[0].id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(choice.message.tool_calls[1].id).toBe("given");
  });

  it.each([
    ["MAX_TOKENS", "length"],
    ["SAFETY", "content_filter"],
    ["RECITATION", "content_filter"],
    ["PROHIBITED_CONTENT", "content_filter"],
    ["OTHER", "stop"],
  ])("maps finishReason %s to %s", (reason, expected) => {
    const completion = toChatCompletion({ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: reason }] });
    expect((completion.choices as Array<{ finish_reason: string }>)[0].finish_reason).toBe(expected);
  });

  it("answers a blocked prompt (no candidates) as content_filter with no content", () => {
    const completion = toChatCompletion({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 3 } });
    expect(completion.choices).toEqual([{ index: 0, message: { role: "assistant", content: null }, logprobs: null, finish_reason: "content_filter" }]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 0 });
  });

  it("counts tool-use prompt tokens as prompt", () => {
    expect(toOpenAIUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 4, candidatesTokenCount: 2 })).toMatchObject({ prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 });
  });
});

describe("toOpenAIError", () => {
  it.each([
    [429, "RESOURCE_EXHAUSTED", "rate_limit_error"],
    [400, "INVALID_ARGUMENT", "invalid_request_error"],
    [403, "PERMISSION_DENIED", "permission_error"],
    [401, "UNAUTHENTICATED", "authentication_error"],
    [503, "UNAVAILABLE", "api_error"],
  ])("maps %i %s to %s, the status name as the code", (code, status, type) => {
    expect(toOpenAIError(code, { error: { code, message: "m", status } })).toEqual({ error: { message: "m", type, param: null, code: status.toLowerCase() } });
  });

  it("reads the one-element array streamed calls answer with, and JSON text", () => {
    expect(toOpenAIError(429, JSON.stringify([{ error: { code: 429, message: "quota", status: "RESOURCE_EXHAUSTED" } }]))?.error.type).toBe("rate_limit_error");
    expect(toOpenAIError(500, "<html>")).toBeUndefined();
  });
});
