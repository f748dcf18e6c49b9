import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCollector, spansOf, type FakeCollector } from "../testing/fake-collector";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "../testing/gateway-harness";

// A real gateway (the harness: SQLite, router, spend writer; fake providers) with litellm_settings
// callbacks, exporting over real HTTP on 127.0.0.1 to a fake OTLP collector and a fake generic_api
// receiver. The gateway's graceful close is what flushes both.

const prompt = "What is the secret launch code?";
const completionText = "The answer is Hello";

const chatAnswer = {
  id: "chatcmpl-7",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, message: { role: "assistant", content: completionText }, finish_reason: "stop" }],
  usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 },
};

const anthropicAnswer = {
  id: "msg_7",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "text", text: completionText }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 9, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};

function config(settings: string): string {
  return `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o-2024-08-06, api_key: sk-openai, api_base: "http://openai.test:8080/v1" }
  - model_name: claude-sonnet
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
general_settings:
  master_key: ${masterKey}
litellm_settings:
${settings}`;
}

function sse(...payloads: object[]): Readable {
  return Readable.from([Buffer.from(payloads.map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join("") + "data: [DONE]\n\n")]);
}

let collector: FakeCollector;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await collector.close();
});

async function start(settings: string, env: Record<string, string> = {}): Promise<Harness> {
  collector = await startFakeCollector();
  harness = await startHarness(64_000, {
    config: config(settings),
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_SERVICE_NAME: "gw-test", ...env },
  });
  harness.answer = async (request) => (request.url.includes("/v1/messages") ? jsonUpstreamResponse(200, anthropicAnswer) : jsonUpstreamResponse(200, chatAnswer));
  return harness;
}

/** Closes the gateway (the graceful stop that flushes exporters) and returns the collector's traces requests. */
async function closeAndCollect(gateway: Harness) {
  await gateway.close();
  harness = undefined;
  return collector.received.filter((entry) => entry.path === "/v1/traces");
}

const chat = (extra: object = {}) => ({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_tokens: 50, temperature: 0.2, ...extra });

describe("litellm_settings.callbacks: otel", () => {
  it("exports one GenAI span per request, in one batch, with Switchyard's attributes and no message contents by default", async () => {
    const gateway = await start(`  callbacks: ["otel"]\n`);
    for (let i = 0; i < 3; i++) expect((await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() })).status).toBe(200);
    // The request path only queued: nothing has been sent before the batch is due.
    expect(collector.received).toEqual([]);
    const exports = await closeAndCollect(gateway);
    expect(exports).toHaveLength(1);
    expect(exports[0].headers["content-type"]).toBe("application/json");
    const spans = spansOf(exports[0].body);
    expect(spans).toHaveLength(3);
    const [span] = spans;
    expect(span.name).toBe("chat gpt-4o");
    expect(span.kind).toBe(3); // CLIENT
    expect(span.resource["service.name"]).toBe("gw-test");
    expect(span.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.response.id": "chatcmpl-7",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.provider.name": "openai",
      "gen_ai.request.max_tokens": 50,
      "gen_ai.request.temperature": 0.2,
      "gen_ai.usage.input_tokens": 11,
      "gen_ai.usage.output_tokens": 4,
      "server.address": "openai.test",
      "server.port": 8080,
      "http.response.status_code": 200,
      "switchyard.model_group": "gpt-4o",
      "switchyard.status": "success",
    });
    // Absent: not streamed, no fallback tried.
    expect(span.attributes["gen_ai.request.stream"]).toBeUndefined();
    expect(span.attributes["switchyard.attempted_fallbacks"]).toBeUndefined();
    expect(span.attributes["switchyard.deployment.id"]).toEqual(expect.any(String));
    expect(span.attributes["switchyard.cost_usd"]).toBeGreaterThan(0);
    expect(span.attributes["error.type"]).toBeUndefined();
    expect(Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano))).toBeGreaterThanOrEqual(0);
    const text = JSON.stringify(exports);
    expect(text).not.toContain(prompt);
    expect(text).not.toContain(completionText);
  });

  it("records failures with error.type and an error status, streams with their usage, and the Messages door as chat", async () => {
    const gateway = await start(`  callbacks: ["otel"]\n`);
    gateway.answer = async () => jsonUpstreamResponse(400, { error: { message: "bad things", type: "invalid_request_error", code: "context_length_exceeded" } });
    expect((await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() })).status).toBe(400);
    gateway.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: sse(
        { id: "c1", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: "stop" }] },
        { id: "c1", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } },
      ),
    });
    const streamed = await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat({ stream: true }) });
    await streamed.text();
    gateway.answer = async () => jsonUpstreamResponse(200, anthropicAnswer);
    const messages = await gateway.call("POST", "/v1/messages", { key: masterKey, body: { model: "claude-sonnet", max_tokens: 20, messages: [{ role: "user", content: prompt }] } });
    expect(messages.status).toBe(200);
    await messages.text();
    gateway.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: Readable.from([
        Buffer.from(
          [
            { type: "message_start", message: { ...anthropicAnswer, content: [], usage: { input_tokens: 9, output_tokens: 0 } } },
            { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
            { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } },
            { type: "content_block_stop", index: 0 },
            { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 5 } },
            { type: "message_stop" },
          ]
            .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
            .join(""),
        ),
      ]),
    });
    const streamedMessages = await gateway.call("POST", "/v1/messages", {
      key: masterKey,
      body: { model: "claude-sonnet", max_tokens: 20, stream: true, messages: [{ role: "user", content: prompt }] },
    });
    await streamedMessages.text();

    const spans = (await closeAndCollect(gateway)).flatMap((entry) => spansOf(entry.body));
    expect(spans).toHaveLength(4);
    const [failed, stream, door, doorStream] = spans.sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(failed.attributes).toMatchObject({ "error.type": "context_length_exceeded", "http.response.status_code": 400, "switchyard.status": "failure" });
    expect(failed.status).toMatchObject({ code: 2, message: "bad things" });
    expect(stream.attributes).toMatchObject({ "gen_ai.request.stream": true, "gen_ai.usage.input_tokens": 7, "gen_ai.usage.output_tokens": 2 });
    expect(stream.status.code ?? 0).toBe(0);
    expect(door.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "switchyard.call_type": "messages",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.response.finish_reasons": ["end_turn"],
      "gen_ai.usage.input_tokens": 9,
      "gen_ai.usage.output_tokens": 3,
    });
    expect(doorStream.attributes).toMatchObject({ "switchyard.call_type": "messages", "gen_ai.request.stream": true, "gen_ai.usage.input_tokens": 9, "gen_ai.usage.output_tokens": 5 });
    expect(JSON.stringify(spans)).not.toContain(prompt);
  });

  it("sends prompts and completions when turn_off_message_logging is false, streamed ones too, and only successes to a success_callback", async () => {
    const gateway = await start(`  success_callback: ["otel"]\n  turn_off_message_logging: false\n`);
    await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    gateway.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: sse(
        { id: "c2", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: { content: "The answer" }, finish_reason: null }] },
        { id: "c2", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: { content: " streamed" }, finish_reason: "stop" }] },
      ),
    });
    await (await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat({ stream: true }) })).text();
    gateway.answer = async () => jsonUpstreamResponse(500, { error: { message: "down" } });
    expect((await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() })).status).toBeGreaterThanOrEqual(500);
    const spans = (await closeAndCollect(gateway)).flatMap((entry) => spansOf(entry.body));
    expect(spans).toHaveLength(2);
    const [whole, streamed] = spans.sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(JSON.parse(whole.attributes["gen_ai.input.messages"] as string)).toEqual([{ role: "user", content: prompt }]);
    expect(JSON.parse(whole.attributes["gen_ai.output.messages"] as string)).toEqual([{ role: "assistant", content: completionText, finish_reason: "stop" }]);
    expect(JSON.parse(streamed.attributes["gen_ai.output.messages"] as string)).toEqual([{ role: "assistant", content: "The answer streamed", finish_reason: "stop" }]);
    expect(streamed.attributes).toMatchObject({ "gen_ai.response.id": "c2", "gen_ai.response.finish_reasons": ["stop"] });
  });

  it("names the fallbacks a request tried and the group that answered", async () => {
    const gateway = await start(`  callbacks: ["otel"]\nrouter_settings:\n  num_retries: 0\n  fallbacks: [{ "gpt-4o": ["claude-sonnet"] }]\n`);
    gateway.answer = async (request) => (request.url.includes("/v1/messages") ? jsonUpstreamResponse(200, anthropicAnswer) : jsonUpstreamResponse(503, { error: { message: "busy" } }));
    const response = await gateway.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBe("1");
    const [span] = (await closeAndCollect(gateway)).flatMap((entry) => spansOf(entry.body));
    expect(span.attributes).toMatchObject({
      "switchyard.attempted_fallbacks": 1,
      "switchyard.model_group": "claude-sonnet",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.provider.name": "anthropic",
    });
  });

  it("sends OTLP's default, protobuf, when no protocol is asked for", async () => {
    collector = await startFakeCollector();
    harness = await startHarness(64_000, { config: config(`  callbacks: ["otel"]\n`), env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/custom/traces` } });
    harness.answer = async () => jsonUpstreamResponse(200, chatAnswer);
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    const exports = await closeAndCollect(harness);
    expect(exports).toEqual([]);
    const [request] = collector.received;
    expect(request.path).toBe("/custom/traces");
    expect(request.headers["content-type"]).toBe("application/x-protobuf");
    const [span] = spansOf(request.body);
    expect(span.name).toBe("chat gpt-4o");
    expect(span.attributes).toMatchObject({ "gen_ai.usage.input_tokens": 11, "gen_ai.response.finish_reasons": ["stop"], "http.response.status_code": 200 });
    expect(span.resource["service.name"]).toBe("switchyard");
  });

  it("sends langfuse spans to Langfuse's OTLP path with Basic auth and its own keys", async () => {
    collector = await startFakeCollector();
    harness = await startHarness(64_000, {
      config: config(`  callbacks: ["langfuse"]\n`),
      env: { LANGFUSE_PUBLIC_KEY: "pk-lf-1", LANGFUSE_SECRET_KEY: "sk-lf-2", LANGFUSE_HOST: collector.url, OTEL_EXPORTER_OTLP_HEADERS: "x-collector-secret=s" },
    });
    harness.answer = async () => jsonUpstreamResponse(200, chatAnswer);
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    await harness.close();
    harness = undefined;
    expect(collector.received).toHaveLength(1);
    const [request] = collector.received;
    expect(request.path).toBe("/api/public/otel/v1/traces");
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("pk-lf-1:sk-lf-2").toString("base64")}`);
    // The otel collector's headers stay the otel collector's.
    expect(request.headers["x-collector-secret"]).toBeUndefined();
    expect(spansOf(request.body)[0].attributes).toMatchObject({ "langfuse.observation.type": "generation", "gen_ai.request.model": "gpt-4o" });
  });
});

describe("litellm_settings.callbacks: generic_api", () => {
  it("posts LiteLLM's payload as a JSON array with the configured headers, retrying a batch the receiver answered 500", async () => {
    collector = await startFakeCollector();
    collector.statuses.push(500);
    harness = await startHarness(64_000, {
      config: config(`  callbacks: ["generic_api"]\n`),
      env: { GENERIC_LOGGER_ENDPOINT: `${collector.url}/logs`, GENERIC_LOGGER_HEADERS: "authorization=Bearer hook-token" },
    });
    harness.answer = async () => jsonUpstreamResponse(200, chatAnswer);
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "no-such-model", messages: [] } });
    await harness.close();
    harness = undefined;
    expect(collector.received.map((entry) => entry.path)).toEqual(["/logs", "/logs"]);
    expect(collector.received[1].body).toEqual(collector.received[0].body);
    const [success, failure] = collector.received[1].body as Record<string, unknown>[];
    expect(collector.received[1].headers.authorization).toBe("Bearer hook-token");
    expect(success).toMatchObject({
      call_type: "acompletion",
      status: "success",
      model: "gpt-4o-2024-08-06",
      requested_model: "gpt-4o",
      model_group: "gpt-4o",
      custom_llm_provider: "openai",
      prompt_tokens: 11,
      completion_tokens: 4,
      total_tokens: 15,
      stream: false,
      messages: null,
      response: null,
    });
    expect(success.response_cost).toBeGreaterThan(0);
    expect(failure).toMatchObject({ status: "failure", error_information: { error_code: "404", error_class: "model_not_found" } });
    expect(JSON.stringify(collector.received)).not.toContain(prompt);
  });
});
