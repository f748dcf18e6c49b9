import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UpstreamRequest } from "./providers/types";
import { chatCompletion, jsonUpstreamResponse, masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's fallbacks through the real gateway: after a model group's own retries, the next
// model group, chosen by kind of failure; named by the config or by the request.
const config = `
model_list:
  - model_name: primary
    litellm_params: { model: openai/gpt-4o, api_key: sk-primary }
  - model_name: backup
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-backup }
  - model_name: long-context
    litellm_params: { model: openai/gpt-4.1, api_key: sk-long }
  - model_name: claude-primary
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant-primary }
  - model_name: claude-backup
    litellm_params: { model: anthropic/claude-haiku-4-5, api_key: sk-ant-backup }
router_settings:
  num_retries: 1
  fallbacks: [{"primary": ["backup"]}, {"claude-primary": ["claude-backup"]}]
  context_window_fallbacks: [{"primary": ["long-context"]}]
general_settings:
  master_key: ${masterKey}
`;

const keyOf = (request: UpstreamRequest) => request.headers.authorization?.replace("Bearer ", "") ?? request.headers["x-api-key"];
const sentKeys = () => harness.sent.map(keyOf);
const failing = (keys: Record<string, [number, unknown]>) => async (request: UpstreamRequest) => {
  const failure = keys[keyOf(request) ?? ""];
  if (failure) return jsonUpstreamResponse(failure[0], failure[1]);
  if (request.url.endsWith("/v1/messages")) {
    return jsonUpstreamResponse(200, {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content: [{ type: "text", text: "hi" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 3, output_tokens: 1 },
    });
  }
  return jsonUpstreamResponse(200, { ...chatCompletion, model: keyOf(request) });
};
const overloaded: [number, unknown] = [503, { error: { message: "overloaded", type: "server_error" } }];
const chat = (fields: object = {}) => ({ model: "primary", messages: [{ role: "user", content: "hi" }], ...fields });

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(4_096, { config });
});
afterEach(async () => {
  await harness.close();
});

describe("fallbacks", () => {
  it("tries the group's retries, then its fallback, and says so in LiteLLM's header", async () => {
    harness.answer = failing({ "sk-primary": overloaded });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBe("1");
    expect(((await response.json()) as { model: string }).model).toBe("sk-backup");
    expect(sentKeys()).toEqual(["sk-primary", "sk-primary", "sk-backup"]);
  });

  it("sends a context-window failure to context_window_fallbacks, not the general ones", async () => {
    harness.answer = failing({ "sk-primary": [400, { error: { message: "This model's maximum context length is 128000 tokens", code: "context_length_exceeded" } }] });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    expect(response.status).toBe(200);
    expect(sentKeys()).toEqual(["sk-primary", "sk-long"]);
  });

  it("does not fall back from a request the upstream refused as malformed: it would fail anywhere", async () => {
    harness.answer = failing({ "sk-primary": [400, { error: { message: "Invalid 'temperature'", type: "invalid_request_error", param: "temperature" } }] });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBeNull();
    expect(sentKeys()).toEqual(["sk-primary"]);
  });

  it("answers the last failure when every fallback failed too", async () => {
    harness.answer = failing({ "sk-primary": overloaded, "sk-backup": [429, { error: { message: "slow down", type: "rate_limit_error" } }] });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat() });
    expect(response.status).toBe(429);
    expect(sentKeys()).toEqual(["sk-primary", "sk-primary", "sk-backup", "sk-backup"]);
  });

  it("uses the request's own fallbacks instead of the config's, and does not send them upstream", async () => {
    harness.answer = failing({ "sk-primary": overloaded });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat({ fallbacks: ["long-context"] }) });
    expect(response.status).toBe(200);
    expect(sentKeys()).toEqual(["sk-primary", "sk-primary", "sk-long"]);
    for (const request of harness.sent) expect(JSON.parse(request.body!)).not.toHaveProperty("fallbacks");
  });

  it("refuses a request fallback the key may not use, before calling anything; skips such a config fallback", async () => {
    const created = await harness.call("POST", "/key/generate", { key: masterKey, body: { models: ["primary"] } });
    const { key } = (await created.json()) as { key: string };
    harness.answer = failing({ "sk-primary": overloaded });

    const refused = await harness.call("POST", "/v1/chat/completions", { key, body: chat({ fallbacks: ["backup"] }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe("fallbacks");
    expect(harness.sent).toHaveLength(0);

    const failed = await harness.call("POST", "/v1/chat/completions", { key, body: chat() });
    expect(failed.status).toBe(503);
    expect(sentKeys()).toEqual(["sk-primary", "sk-primary"]);
  });

  it("refuses request fallbacks that are not a list of model names", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat({ fallbacks: "backup" }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "fallbacks", type: "invalid_request_error" } });
  });

  it("falls back on Anthropic's door too, answering in its shape, with the body passed through minus the fallbacks", async () => {
    harness.answer = failing({ "sk-ant-primary": [529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }] });
    const response = await harness.call("POST", "/v1/messages", {
      key: masterKey,
      body: { model: "claude-primary", max_tokens: 10, messages: [{ role: "user", content: "hi" }], fallbacks: ["claude-backup"] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBe("1");
    expect(sentKeys()).toEqual(["sk-ant-primary", "sk-ant-primary", "sk-ant-backup"]);
    expect(JSON.parse(harness.sent.at(-1)!.body!)).toEqual({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
  });
});
