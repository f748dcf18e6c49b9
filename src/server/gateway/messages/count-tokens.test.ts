import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "../testing/gateway-harness";

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(64_000);
});
afterEach(async () => {
  await harness.close();
});

const counted = { model: "claude-sonnet", system: "Be terse.", messages: [{ role: "user", content: "hello world" }] };

describe("POST /v1/messages/count_tokens", () => {
  it("asks an Anthropic deployment, with its key, the model replaced and the client's Anthropic headers, and passes its count through", async () => {
    harness.answer = async () => jsonUpstreamResponse(200, { input_tokens: 17 });
    const response = await harness.call("POST", "/v1/messages/count_tokens", {
      key: masterKey,
      body: counted,
      headers: { "anthropic-version": "2023-06-01", "anthropic-beta": "token-counting-2024-11-01" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ input_tokens: 17 });
    expect(response.headers.get("x-switchyard-token-count")).toBeNull();
    const [sent] = harness.sent;
    expect(sent.url).toBe("https://api.anthropic.com/v1/messages/count_tokens");
    expect(sent.headers).toMatchObject({ "x-api-key": "sk-ant-upstream-secret", "anthropic-version": "2023-06-01", "anthropic-beta": "token-counting-2024-11-01" });
    expect(JSON.parse(sent.body!)).toEqual({ ...counted, model: "claude-sonnet-4-5" });
  });

  it("counts for an OpenAI-format deployment itself, marked as an estimate, without calling it", async () => {
    const response = await harness.call("POST", "/messages/count_tokens", { key: masterKey, body: { ...counted, model: "gpt-4o" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-switchyard-token-count")).toBe("estimate");
    // gpt-4o's tokenizer over the system and user text, 3 per message, and 3 for the reply.
    const tiktoken = new Tiktoken(o200k);
    const tokens = (text: string) => tiktoken.encode(text).length;
    expect(await response.json()).toEqual({ input_tokens: 3 + (3 + tokens("Be terse.")) + (3 + tokens("hello world")) });
    expect(harness.sent).toHaveLength(0);
    // Loading o200k's ranks (the server's copy and the test's) takes seconds on a loaded 2-core machine.
  }, 30_000);

  it.each([
    ["no key", {}, counted, 401, "authentication_error", "Missing API key"],
    ["an unknown model", { authorization: `Bearer ${masterKey}` }, { ...counted, model: "claude-nope" }, 404, "not_found_error", "The model 'claude-nope' does not exist"],
    ["no messages", { authorization: `Bearer ${masterKey}` }, { model: "claude-sonnet" }, 400, "invalid_request_error", "'messages' is required"],
    ["no model", { authorization: `Bearer ${masterKey}` }, { messages: counted.messages }, 400, "invalid_request_error", "'model' is required"],
    [
      "thinking for an OpenAI-format deployment",
      { authorization: `Bearer ${masterKey}` },
      { ...counted, model: "gpt-4o", thinking: { type: "enabled", budget_tokens: 1024 } },
      400,
      "invalid_request_error",
      "`thinking` cannot be sent to this model",
    ],
  ])("%s: an error in Anthropic's shape", async (_case, headers, body, status, type, message) => {
    const response = await harness.call("POST", "/anthropic/v1/messages/count_tokens", { headers, body });
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(answer.type).toBe("error");
    expect(answer.error.type).toBe(type);
    expect(answer.error.message).toContain(message);
    expect(harness.sent).toHaveLength(0);
  });
});
