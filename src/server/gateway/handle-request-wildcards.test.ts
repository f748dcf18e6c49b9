import { afterEach, describe, expect, it } from "vitest";
import { chatCompletion, jsonUpstreamResponse, masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's catch-all (`model_name: "*"`, `model: "*"`) and patterns with two `*`, through the gateway.
const catchAll = `
model_list:
  - model_name: "*"
    litellm_params: { model: "*" }
general_settings:
  master_key: ${masterKey}
`;
const config = `
model_list:
  - model_name: "*"
    litellm_params: { model: "*" }
  - model_name: "fo::*:static::*"
    litellm_params: { model: "openai/fo::*:static::*", api_key: sk-fo }
  - model_name: "*/claude-*"
    litellm_params: { model: "anthropic/claude-*", api_key: sk-ant-pattern }
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

const anthropicAnswer = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude",
  content: [{ type: "text", text: "Hi" }],
  stop_reason: "end_turn",
  usage: { input_tokens: 3, output_tokens: 1 },
};

async function chat(model: string) {
  return harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model, messages: [{ role: "user", content: "Hi" }] } });
}

function lastSent() {
  const request = harness.sent.at(-1)!;
  const body = JSON.parse(request.body!) as { model?: string };
  return { url: request.url, model: body.model, headers: request.headers };
}

describe("wildcard deployments through the gateway", () => {
  it("sends a catch-all request to the provider its name says, with that provider's own credentials", async () => {
    harness = await startHarness(4_096, { config: catchAll });
    harness.answer = async (request) => jsonUpstreamResponse(200, request.url.includes("anthropic") ? anthropicAnswer : chatCompletion);

    expect((await chat("anthropic/claude-3-haiku-20240307")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.anthropic.com/v1/messages", model: "claude-3-haiku-20240307" });

    // A bare name the cost map gives to Anthropic is Anthropic's, as LiteLLM's get_llm_provider finds it.
    expect((await chat("claude-opus-4-20250514")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.anthropic.com/v1/messages", model: "claude-opus-4-20250514" });

    expect((await chat("groq/llama-3.1-8b-instant")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.groq.com/openai/v1/chat/completions", model: "llama-3.1-8b-instant" });

    expect((await chat("gpt-4o")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.openai.com/v1/chat/completions", model: "gpt-4o" });
    expect(lastSent().headers.authorization).toBe("Bearer sk-upstream-openai-secret");
  });

  it("answers 400 for a bare name no provider is known for, as LiteLLM does, sending nothing", async () => {
    harness = await startHarness(4_096, { config: catchAll });
    const response = await chat("my-own-model-nobody-has");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string; param: string } }).error).toMatchObject({ param: "model", message: expect.stringContaining("no provider is known") });
    expect(harness.sent).toHaveLength(0);
  });

  it("fills every `*` of the model from the pattern's segments, never sending a literal `*`", async () => {
    harness = await startHarness(4_096, { config });
    harness.answer = async (request) => jsonUpstreamResponse(200, request.url.includes("anthropic") ? anthropicAnswer : chatCompletion);
    expect((await chat("fo::hi:static::there")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.openai.com/v1/chat/completions", model: "fo::hi:static::there" });
    expect(lastSent().headers.authorization).toBe("Bearer sk-fo");

    // Two segments for one `*`: LiteLLM sends the matched name itself.
    expect((await chat("anthropic/claude-3-5-haiku")).status).toBe(200);
    expect(lastSent()).toMatchObject({ url: "https://api.anthropic.com/v1/messages", model: "claude-3-5-haiku" });
    expect(lastSent().headers["x-api-key"]).toBe("sk-ant-pattern");
  });
});
