import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { relayStream, type RelayOptions } from "../stream/relay-stream";
import { ollamaProvider, toChatCompletion, toOllamaChatRequest } from "./ollama";

const deployment = testDeployment("ollama-1", { provider: "ollama", providerPrefix: "ollama_chat", upstreamModel: "llama3.1", apiBase: "http://localhost:11434" });

describe("Ollama requests", () => {
  it("chat goes to /api/chat with messages, options and tools in Ollama's shape", () => {
    const request = ollamaProvider.buildRequest("chat", deployment, {
      model: "local",
      messages: [
        { role: "developer", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0K" } },
          ],
        },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }] },
        { role: "tool", tool_call_id: "call_1", name: "lookup", content: "found" },
      ],
      max_tokens: 50,
      temperature: 0,
      stop: "END",
      response_format: { type: "json_object" },
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
      stream: true,
    });
    expect(request.url).toBe("http://localhost:11434/api/chat");
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.parse(request.body ?? "")).toEqual({
      model: "llama3.1",
      stream: true,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is this?", images: ["iVBORw0K"] },
        { role: "assistant", content: "", tool_calls: [{ function: { name: "lookup", arguments: { q: "x" } } }] },
        { role: "tool", content: "found", tool_name: "lookup" },
      ],
      options: { num_predict: 50, temperature: 0, stop: ["END"] },
      format: "json",
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
    });
  });

  it("an api_base written with /api/chat, a key (a proxy in front), and embeddings at /api/embed", () => {
    const keyed = { ...deployment, apiBase: "https://ollama.example/api/chat", apiKey: "proxy-key" };
    const chat = ollamaProvider.buildRequest("chat", keyed, { model: "m", messages: [] });
    expect(chat.url).toBe("https://ollama.example/api/chat");
    expect(chat.headers.authorization).toBe("Bearer proxy-key");
    const embed = ollamaProvider.buildRequest("embeddings", deployment, { model: "m", input: ["a", "b"] });
    expect(embed.url).toBe("http://localhost:11434/api/embed");
    expect(JSON.parse(embed.body ?? "")).toEqual({ model: "llama3.1", input: ["a", "b"] });
    expect(ollamaProvider.supports("responses")).toBe(false);
  });

  it("refuses what Ollama cannot take, as a 400 naming the parameter", () => {
    expect(() => toOllamaChatRequest("m", { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }] })).toThrow(/base64/);
    expect(() => toOllamaChatRequest("m", { messages: [], n: 2 })).toThrow(/single choice/);
    expect(() => toOllamaChatRequest("m", { messages: "hi" })).toThrow(/must be an array/);
  });
});

describe("Ollama answers", () => {
  it("a whole answer becomes a chat completion with usage and tool calls", () => {
    const completion = toChatCompletion({
      model: "llama3.1",
      created_at: "2026-01-01T00:00:00Z",
      message: { role: "assistant", content: "", tool_calls: [{ function: { name: "lookup", arguments: { q: "x" } } }] },
      done: true,
      done_reason: "stop",
      prompt_eval_count: 26,
      eval_count: 9,
    });
    expect(completion).toMatchObject({
      object: "chat.completion",
      created: 1767225600,
      model: "llama3.1",
      choices: [{ index: 0, finish_reason: "tool_calls", message: { role: "assistant", tool_calls: [{ type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }] } }],
      usage: { prompt_tokens: 26, completion_tokens: 9, total_tokens: 35 },
    });
    expect(toChatCompletion({ message: { content: "cut" }, done_reason: "length" })).toMatchObject({ choices: [{ finish_reason: "length", message: { content: "cut" } }] });
  });

  it("embeddings become OpenAI's list", () => {
    expect(ollamaProvider.translateResponse?.("embeddings", { model: "nomic", embeddings: [[0.1], [0.2]], prompt_eval_count: 4 })).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.1] },
        { object: "embedding", index: 1, embedding: [0.2] },
      ],
      model: "nomic",
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
  });

  it("embeddings come base64-encoded (float32) when the client asks, as the OpenAI SDKs do by default", () => {
    const answer = ollamaProvider.translateResponse?.("embeddings", { embeddings: [[0.5, -2]] }, { model: "m", input: "x", encoding_format: "base64" }) as {
      data: Array<{ embedding: string }>;
    };
    const bytes = Buffer.from(answer.data[0].embedding, "base64");
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]).toEqual([0.5, -2]);
  });
});

async function relayNdjson(chunks: string[], clientWantsUsage = false) {
  const ends: Parameters<RelayOptions["onEnd"]>[0][] = [];
  let output = "";
  const upstream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  const stream = relayStream(upstream, { operation: "chat", translator: ollamaProvider.createStreamTranslator?.("chat"), clientWantsUsage, onEnd: (end) => ends.push(end) });
  for await (const piece of stream) output += piece;
  const payloads = output
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice(6));
  return { payloads, ends };
}

const lines = [
  '{"model":"llama3.1","message":{"role":"assistant","content":"Hel"},"done":false}\n',
  '{"model":"llama3.1","message":{"role":"assistant","content":"lo"},"done":false}\n{"model":"llama3.1","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":7,"eval_count":2}\n',
];

describe("Ollama streams (newline-delimited JSON)", () => {
  it("become OpenAI chunks, usage recorded and shown only when asked for", async () => {
    // Cut mid-line, as a network would.
    const text = lines.join("");
    const { payloads, ends } = await relayNdjson([text.slice(0, 30), text.slice(30, 101), text.slice(101)]);
    expect(payloads.at(-1)).toBe("[DONE]");
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: "assistant", content: "" }, { content: "Hel" }, { content: "lo" }, {}]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("stop");
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(ends).toEqual([expect.objectContaining({ completed: true, usage: expect.objectContaining({ promptTokens: 7, completionTokens: 2 }) })]);

    const withUsage = await relayNdjson(lines, true);
    expect(JSON.parse(withUsage.payloads.at(-2) ?? "")).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } });
  });

  it("stream tool calls with ids and indexes, finishing with tool_calls", async () => {
    const { payloads } = await relayNdjson([
      '{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"a","arguments":{"x":1}}},{"function":{"name":"b","arguments":{}}}]},"done":false}\n',
      '{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}\n',
    ]);
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    const calls = chunks[1].choices[0].delta.tool_calls;
    expect(calls).toMatchObject([
      { index: 0, type: "function", function: { name: "a", arguments: '{"x":1}' } },
      { index: 1, function: { name: "b", arguments: "{}" } },
    ]);
    expect(calls[0].id).toMatch(/^call_/);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
  });

  it("an error line breaks the stream off with an error event, recorded as a failure", async () => {
    const { payloads, ends } = await relayNdjson([lines[0], '{"error":"model runner crashed"}\n']);
    expect(payloads.at(-1)).toContain("upstream_stream_error");
    expect(ends[0].completed).toBe(false);
  });
});
