import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// Generation settings in a deployment's litellm_params are LiteLLM's per-deployment defaults.
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai, temperature: 0.2, max_tokens: 512, stop: "END" }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant, temperature: 0.3, stop: "END", presence_penalty: 0.5 }
  - model_name: no-user
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai, additional_drop_params: [user, seed] }
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(4_096, { config });
});
afterEach(async () => {
  await harness.close();
});

const sentBody = () => JSON.parse(harness.sent.at(-1)!.body!) as Record<string, unknown>;

describe("per-deployment request defaults", () => {
  it("fills in what a chat request leaves unset, and never overrides what it sets", async () => {
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], temperature: 1 } });
    expect(sentBody()).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], temperature: 1, max_tokens: 512, stop: "END" });
  });

  it("never sends the parameters a deployment's additional_drop_params names", async () => {
    await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "no-user", messages: [{ role: "user", content: "hi" }], user: "u-1", seed: 3, top_p: 0.5 } });
    expect(sentBody()).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], top_p: 0.5 });
  });

  it("uses Anthropic's names on the Messages door, and leaves out settings the Messages API does not have", async () => {
    await harness.call("POST", "/v1/messages", { key: masterKey, body: { model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }] } });
    expect(sentBody()).toEqual({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }], temperature: 0.3, stop_sequences: ["END"] });
  });
});
