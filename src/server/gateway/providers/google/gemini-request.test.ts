import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors";
import { toGeminiRequest } from "./gemini-request";

describe("toGeminiRequest", () => {
  it("puts system text in systemInstruction and turns in contents with Gemini's roles", () => {
    const body = toGeminiRequest({
      model: "x",
      messages: [
        { role: "system", content: "be brief" },
        { role: "developer", content: [{ type: "text", text: "and kind" }] },
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "again" },
      ],
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: "be brief\n\nand kind" }] },
      contents: [
        { role: "user", parts: [{ text: "hi" }] },
        { role: "model", parts: [{ text: "hello" }] },
        { role: "user", parts: [{ text: "again" }] },
      ],
      generationConfig: {},
    });
  });

  it("sends data URLs inline and other URLs as file references, with a MIME type", () => {
    const body = toGeminiRequest({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.webp?size=2" } },
            { type: "image_url", image_url: { url: "gs://bucket/scan.pdf" } },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "what is this?" },
          { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
          { fileData: { mimeType: "image/webp", fileUri: "https://example.com/cat.webp?size=2" } },
          { fileData: { mimeType: "application/pdf", fileUri: "gs://bucket/scan.pdf" } },
        ],
      },
    ]);
  });

  it("translates tools, tool_choice, calls and their results (named by the call they answer)", () => {
    const body = toGeminiRequest({
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
      tools: [
        {
          type: "function",
          function: { name: "get_weather", description: "weather", parameters: { $schema: "x", type: "object", properties: { city: { type: "string" } }, additionalProperties: false } },
        },
      ],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "weather?" }] },
      { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { content: "sunny" } } }] },
    ]);
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: "get_weather", description: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } });
  });

  it.each([
    ["auto", "AUTO"],
    ["required", "ANY"],
    ["none", "NONE"],
  ])("maps tool_choice %s to mode %s", (choice, mode) => {
    const body = toGeminiRequest({ messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "f" } }], tool_choice: choice });
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode } });
  });

  it("maps sampling, length, stop, JSON output and reasoning effort to generationConfig", () => {
    const body = toGeminiRequest({
      messages: [{ role: "user", content: "x" }],
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 100,
      n: 2,
      seed: 7,
      stop: "END",
      response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", additionalProperties: false, properties: {} } } },
      reasoning_effort: "low",
      stream_options: { include_usage: true },
      user: "someone",
    });
    expect(body.generationConfig).toEqual({
      temperature: 0.5,
      topP: 0.9,
      maxOutputTokens: 100,
      candidateCount: 2,
      seed: 7,
      stopSequences: ["END"],
      responseMimeType: "application/json",
      responseSchema: { type: "object", properties: {} },
      thinkingConfig: { thinkingBudget: 1024 },
    });
    expect(toGeminiRequest({ messages: [{ role: "user", content: "x" }], max_completion_tokens: 9, max_tokens: 100, response_format: { type: "json_object" } }).generationConfig).toEqual({
      maxOutputTokens: 9,
      responseMimeType: "application/json",
    });
  });

  it.each([
    [{ messages: "hi" }, "messages"],
    [{ messages: [] }, "messages"],
    [{ messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] }, "messages[0].tool_call_id"],
    [{ messages: [{ role: "user", content: [{ type: "input_audio" }] }] }, "messages[0].content[0]"],
    [{ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] }] }, "messages[0].content[0].image_url"],
    [{ messages: [{ role: "user", content: "x" }], temperature: "hot" }, "temperature"],
    [{ messages: [{ role: "user", content: "x" }], reasoning_effort: "extreme" }, "reasoning_effort"],
    [{ messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "f" } }], tool_choice: "sometimes" }, "tool_choice"],
    [{ messages: [{ role: "assistant", tool_calls: [{ id: "c", function: { name: "f", arguments: "[1]" } }] }] }, "messages[0].tool_calls[0].function.arguments"],
  ])("refuses %j as a 400 naming %s", (body, param) => {
    let error: unknown;
    try {
      toGeminiRequest(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 400, param });
  });
});
