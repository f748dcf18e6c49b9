import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors";
import { toConverseRequest } from "./converse-request";

describe("toConverseRequest", () => {
  it("moves system messages out, keeps roles alternating and sends inference settings by Converse's names", () => {
    const request = toConverseRequest({
      model: "ignored",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: "Hi" },
        { role: "user", content: [{ type: "text", text: "there" }] },
      ],
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: "END",
      presence_penalty: 1,
      stream_options: { include_usage: true },
    });
    expect(request).toEqual({
      messages: [{ role: "user", content: [{ text: "Hi" }, { text: "there" }] }],
      system: [{ text: "Be brief." }, { text: "Answer in French." }],
      inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ["END"] },
    });
  });

  it("translates tools, tool_choice, tool calls and their results with their ids", () => {
    const request = toConverseRequest({
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
      tools: [{ type: "function", function: { name: "weather", description: "Weather now", parameters: { type: "object", properties: { city: { type: "string" } } } } }],
      tool_choice: { type: "function", function: { name: "weather" } },
      max_completion_tokens: 50,
    });
    expect(request.messages).toEqual([
      { role: "user", content: [{ text: "Weather in Paris?" }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "call_1", name: "weather", input: { city: "Paris" } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: "call_1", content: [{ text: "sunny" }] } }] },
    ]);
    expect(request.toolConfig).toEqual({
      tools: [{ toolSpec: { name: "weather", description: "Weather now", inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } } } }],
      toolChoice: { tool: { name: "weather" } },
    });
    expect(request.inferenceConfig).toEqual({ maxTokens: 50 });
    expect(
      toConverseRequest({ messages: [{ role: "user", content: "x" }], tools: request.toolConfig ? [{ type: "function", function: { name: "f" } }] : [], tool_choice: "required" }).toolConfig,
    ).toMatchObject({
      toolChoice: { any: {} },
    });
  });

  it("sends data: URL images as bytes and refuses links and unknown formats with a 400 naming the part", () => {
    const request = toConverseRequest({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([{ role: "user", content: [{ text: "What is this?" }, { image: { format: "png", source: { bytes: "iVBORw0KGgo=" } } }] }]);
    const refused = (url: string) => {
      try {
        toConverseRequest({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }] });
      } catch (error) {
        return error as GatewayError;
      }
      throw new Error("accepted");
    };
    expect(refused("https://example.com/cat.png")).toMatchObject({ status: 400, param: "messages[0].content[0].image_url" });
    expect(refused("data:image/tiff;base64,AAAA")).toMatchObject({ status: 400 });
  });

  it("refuses what Converse cannot express with a 400", () => {
    expect(() => toConverseRequest({ messages: [{ role: "user", content: "x" }], n: 2 })).toThrow(GatewayError);
    expect(() => toConverseRequest({ messages: [] })).toThrow(/At least one/);
    expect(() => toConverseRequest({ messages: [{ role: "function", content: "x" }] })).toThrow(/not supported/);
    expect(() => toConverseRequest({ messages: [{ role: "user", content: "x" }], temperature: "hot" })).toThrow(/must be a number/);
    expect(() => toConverseRequest({ messages: [{ role: "tool", content: "x" }] })).toThrow(/tool_call_id/);
  });
});
