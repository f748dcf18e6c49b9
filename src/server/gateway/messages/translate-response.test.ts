import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { chatResponseToMessage, toAnthropicUsage, toStopReason } from "./translate-response";

function completion(message: Record<string, unknown>, finishReason: string | null = "stop", extra: Record<string, unknown> = {}) {
  return {
    id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
    object: "chat.completion",
    created: 1_741_569_952,
    model: "gpt-4.1-2025-04-14",
    choices: [{ index: 0, message: { role: "assistant", ...message }, logprobs: null, finish_reason: finishReason, ...extra }],
    usage: { prompt_tokens: 1200, completion_tokens: 30, total_tokens: 1230, prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 } },
  };
}

describe("chatResponseToMessage", () => {
  it("answers a text completion as a message for the requested model, with Anthropic's usage", () => {
    expect(chatResponseToMessage(completion({ content: "Hello!", refusal: null }), "claude-sonnet-4-5")).toEqual({
      id: "msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [{ type: "text", text: "Hello!" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 176, output_tokens: 30, cache_read_input_tokens: 1024, cache_creation_input_tokens: 0 },
    });
  });

  it("turns tool calls into tool_use blocks after the text, with parsed input", () => {
    const message = completion(
      {
        content: "Checking.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "now", arguments: "" } },
        ],
      },
      "tool_calls",
    );
    const answer = chatResponseToMessage(message, "claude-haiku-4-5");
    expect(answer.content).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "call_2", name: "now", input: {} },
    ]);
    expect(answer.stop_reason).toBe("tool_use");
  });

  it("keeps {} as the input of a call whose arguments are not a JSON object", () => {
    const calls = ['{"city":', "[1,2]", "null"].map((args, i) => ({ id: `call_${i}`, type: "function", function: { name: "f", arguments: args } }));
    const answer = chatResponseToMessage(completion({ content: null, tool_calls: calls }, "tool_calls"), "m");
    expect((answer.content as { input: unknown }[]).map((block) => block.input)).toEqual([{}, {}, {}]);
  });

  it("gives a tool call without an id a fresh toolu_ id", () => {
    const answer = chatResponseToMessage(completion({ content: null, tool_calls: [{ type: "function", function: { name: "f", arguments: "{}" } }] }, "tool_calls"), "m");
    expect((answer.content as { id: string }[])[0].id).toMatch(/^toolu_[0-9a-f]{32}$/);
  });

  it("answers tool_use when a server finishes tool calls with stop", () => {
    const answer = chatResponseToMessage(completion({ content: null, tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }] }, "stop"), "m");
    expect(answer.stop_reason).toBe("tool_use");
  });

  it("has no content blocks for an empty answer", () => {
    expect(chatResponseToMessage(completion({ content: "" }), "m").content).toEqual([]);
    expect(chatResponseToMessage(completion({ content: null }), "m").content).toEqual([]);
  });

  it("shows a refusal as text with stop_reason refusal", () => {
    const answer = chatResponseToMessage(completion({ content: null, refusal: "I can't help with that." }), "m");
    expect(answer.content).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(answer.stop_reason).toBe("refusal");
  });

  it("names the stop sequence when the server says which one matched (vLLM's stop_reason)", () => {
    const answer = chatResponseToMessage(completion({ content: "1, 2, 3" }, "stop", { stop_reason: "END" }), "m");
    expect(answer).toMatchObject({ stop_reason: "stop_sequence", stop_sequence: "END" });
  });

  it("makes a message id when the completion has none", () => {
    const { id: _id, ...withoutId } = completion({ content: "x" });
    expect(chatResponseToMessage(withoutId, "m").id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it.each([null, "text", {}, { choices: [] }, { choices: [{ index: 0 }] }])("refuses %j as not a chat completion", (body) => {
    expect(() => chatResponseToMessage(body, "m")).toThrow(GatewayError);
  });
});

describe("toStopReason", () => {
  it.each([
    ["stop", undefined, false, "end_turn", null],
    ["stop", "###", false, "stop_sequence", "###"],
    // vLLM names a stop token by number: not a sequence the client sent.
    ["stop", 128009, false, "end_turn", null],
    ["length", undefined, false, "max_tokens", null],
    ["tool_calls", undefined, false, "tool_use", null],
    ["function_call", undefined, false, "tool_use", null],
    ["stop", undefined, true, "tool_use", null],
    ["content_filter", undefined, false, "refusal", null],
    [null, undefined, false, "end_turn", null],
  ])("%s (matched %j, tool calls %s) is %s", (finishReason, matched, hasToolCalls, stopReason, stopSequence) => {
    expect(toStopReason(finishReason, matched, hasToolCalls)).toEqual({ stop_reason: stopReason, stop_sequence: stopSequence });
  });
});

describe("toAnthropicUsage", () => {
  it("counts cached tokens apart from input tokens, as Anthropic does", () => {
    expect(toAnthropicUsage({ prompt_tokens: 50, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 20 } })).toEqual({
      input_tokens: 30,
      output_tokens: 5,
      cache_read_input_tokens: 20,
      cache_creation_input_tokens: 0,
    });
  });

  it("reads zero for what is missing", () => {
    expect(toAnthropicUsage({ prompt_tokens: 7 })).toEqual({ input_tokens: 7, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(toAnthropicUsage(undefined)).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });
});
