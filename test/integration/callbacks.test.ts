import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startFakeCollector, spansOf, type FakeCollector } from "../../src/server/gateway/testing/fake-collector";
import { masterKey, startGateway } from "./helpers/gateway-process";

// The built server with litellm_settings callbacks: spans (OTLP's default, protobuf) and the
// generic_api webhook reach their receivers on 127.0.0.1, and what is still batched when the
// process gets SIGTERM is sent before it exits.

let fake: FakeProviders;
let collector: FakeCollector;
beforeAll(async () => {
  fake = await startFakeProviders();
  collector = await startFakeCollector();
});
afterAll(async () => {
  await fake?.close();
  await collector?.close();
});

describe("callbacks in the built server", () => {
  it("exports a span and a webhook record per request, flushed on SIGTERM, and says at start that contents are left out", async () => {
    const gateway = await startGateway({
      config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-1 }
litellm_settings:
  callbacks: ["otel", "generic_api"]
`,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: "built-server", GENERIC_LOGGER_ENDPOINT: `${collector.url}/logs` },
    });
    const ask = (stream: boolean) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o", stream, messages: [{ role: "user", content: "the private prompt" }] }),
      }).then((response) => response.text());
    await ask(false);
    await ask(true);
    // Batched (5 s for spans and webhooks alike): nothing sent yet.
    expect(collector.received).toEqual([]);
    expect(await gateway.stop("SIGTERM")).toBe(0);

    const traces = collector.received.filter((entry) => entry.path === "/v1/traces");
    expect(traces.map((entry) => entry.headers["content-type"])).toEqual(["application/x-protobuf"]);
    const spans = spansOf(traces[0].body);
    expect(spans.map((span) => span.name)).toEqual(["chat gpt-4o", "chat gpt-4o"]);
    expect(spans[0].resource["service.name"]).toBe("built-server");
    expect(spans[1].attributes["gen_ai.request.stream"]).toBe(true);
    const hooks = collector.received.filter((entry) => entry.path === "/logs");
    expect(hooks).toHaveLength(1);
    expect((hooks[0].body as { status: string }[]).map((record) => record.status)).toEqual(["success", "success"]);
    expect(JSON.stringify(collector.received)).not.toContain("the private prompt");
    expect(gateway.output()).toContain("litellm_settings.turn_off_message_logging: prompts and completions are not sent to");
  });
});
