import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { relayStream } from "../stream/relay-stream";
import { testDeployment } from "../testing/builders";
import { textCompletionProvider, toChatCompletion } from "./text-completion";

const deployment = testDeployment("instruct", {
  provider: "text_completion",
  providerPrefix: "text-completion-openai",
  upstreamModel: "gpt-3.5-turbo-instruct",
  apiBase: "https://api.openai.com/v1",
  apiKey: "sk-x",
});

describe("OpenAI's legacy Completions API", () => {
  it("sends chat as one prompt to /completions, usage asked for when streamed", () => {
    const request = textCompletionProvider.buildRequest("chat", deployment, {
      model: "instruct",
      messages: [
        { role: "system", content: "Say it." },
        { role: "user", content: [{ type: "text", text: "Hello" }] },
      ],
      max_completion_tokens: 5,
      stream: true,
      tools: [],
    });
    expect(request.url).toBe("https://api.openai.com/v1/completions");
    expect(request.headers.authorization).toBe("Bearer sk-x");
    expect(JSON.parse(request.body ?? "")).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Say it. Hello", max_tokens: 5, stream: true, stream_options: { include_usage: true } });
    expect(() => textCompletionProvider.buildRequest("chat", deployment, { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] })).toThrow(/text only/);
  });

  it("answers as a chat completion", () => {
    expect(
      toChatCompletion({
        id: "cmpl-1",
        object: "text_completion",
        created: 5,
        model: "gpt-3.5-turbo-instruct",
        choices: [{ index: 0, text: "Hi!", finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    ).toEqual({
      id: "cmpl-1",
      object: "chat.completion",
      created: 5,
      model: "gpt-3.5-turbo-instruct",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi!" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  });

  it("streams as chat chunks, usage recorded", async () => {
    const events = [
      { id: "c", created: 1, model: "m", choices: [{ index: 0, text: "Hel", finish_reason: null }] },
      { id: "c", created: 1, model: "m", choices: [{ index: 0, text: "lo", finish_reason: "stop" }] },
      { id: "c", created: 1, model: "m", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ];
    const text = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + "data: [DONE]\n\n";
    const ends: unknown[] = [];
    let output = "";
    const stream = relayStream(Readable.from([Buffer.from(text)]), {
      operation: "chat",
      translator: textCompletionProvider.createStreamTranslator?.("chat"),
      clientWantsUsage: false,
      onEnd: (end) => ends.push(end),
    });
    for await (const piece of stream) output += piece;
    const payloads = output
      .split("\n\n")
      .filter(Boolean)
      .map((event) => event.slice(6));
    expect(payloads.at(-1)).toBe("[DONE]");
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    expect(chunks.map((chunk) => chunk.choices[0].delta)).toEqual([{ role: "assistant", content: "" }, { content: "Hel" }, { content: "lo" }]);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(ends).toEqual([expect.objectContaining({ completed: true, usage: expect.objectContaining({ promptTokens: 3, completionTokens: 2 }) })]);
  });
});
