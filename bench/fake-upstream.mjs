// A zero-latency OpenAI-shaped upstream for the benchmark: answers from precomputed bytes, so
// what is measured is the gateway, not this server. Chat (JSON and SSE), Responses, and
// Anthropic's Messages API (JSON and SSE) at /v1/messages, Bedrock's ConverseStream (an AWS event
// stream, unsigned requests accepted) at /model/{id}/converse-stream.
// Run standalone: node bench/fake-upstream.mjs [port]  (prints "listening on http://...").
import { EventStreamCodec } from "@smithy/core/event-streams";
import { createServer } from "node:http";

const chat = Buffer.from(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-2024-08-06",
    choices: [{ index: 0, message: { role: "assistant", content: "Hello from the bench upstream." }, finish_reason: "stop" }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  }),
);

const words = ["Hello", " from", " the", " bench", " upstream", "."];
const chunk = (delta, extra = {}) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
const sse = Buffer.from(
  [
    chunk({ role: "assistant", content: "" }),
    ...words.map((word) => chunk({ content: word })),
    `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } })}\n\n`,
    "data: [DONE]\n\n",
  ].join(""),
);

const anthropicMessage = {
  id: "msg_bench",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "text", text: "Hello from the bench upstream." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};
const message = Buffer.from(JSON.stringify(anthropicMessage));
const event = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const messageEvents = Buffer.from(
  [
    event("message_start", { message: { ...anthropicMessage, content: [], stop_reason: null, usage: { ...anthropicMessage.usage, output_tokens: 1 } } }),
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    ...words.map((text) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text } })),
    event("content_block_stop", { index: 0 }),
    event("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 6 } }),
    event("message_stop", {}),
  ].join(""),
);

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);
const converseEvent = (eventType, payload) =>
  codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: Buffer.from(JSON.stringify({ ...payload, p: "abcdefgh" })),
  });
const converseStream = Buffer.concat([
  converseEvent("messageStart", { role: "assistant" }),
  ...words.map((text) => converseEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text } })),
  converseEvent("contentBlockStop", { contentBlockIndex: 0 }),
  converseEvent("messageStop", { stopReason: "end_turn" }),
  converseEvent("metadata", { usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18 }, metrics: { latencyMs: 1 } }),
]);

let counter = 0;
function responseBody() {
  counter++;
  return JSON.stringify({
    id: `resp_bench_${counter}`,
    object: "response",
    created_at: 1,
    status: "completed",
    model: "o4-mini",
    output: [{ id: `msg_bench_${counter}`, type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "ok", annotations: [] }] }],
    usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 },
  });
}

export function startBenchUpstream(port = 0) {
  const server = createServer((request, response) => {
    const parts = [];
    request.on("data", (part) => parts.push(part));
    request.on("end", () => {
      if (request.url.endsWith("/converse-stream")) {
        response.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
        return response.end(converseStream);
      }
      if (request.url.endsWith("/responses")) {
        response.writeHead(200, { "content-type": "application/json" });
        return response.end(responseBody());
      }
      // The body is only looked at for "stream": a cheap substring test, not a parse.
      const streamed = Buffer.concat(parts).includes('"stream":true');
      if (request.url.endsWith("/messages")) {
        response.writeHead(200, streamed ? { "content-type": "text/event-stream" } : { "content-type": "application/json", "content-length": message.length });
        return response.end(streamed ? messageEvents : message);
      }
      if (streamed) {
        response.writeHead(200, { "content-type": "text/event-stream" });
        return response.end(sse);
      }
      response.writeHead(200, { "content-type": "application/json", "content-length": chat.length });
      response.end(chat);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startBenchUpstream(Number(process.argv[2] ?? 0));
  console.log(`listening on ${url}`);
}
