import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { passesIbanCheck, passesLuhn } from "./guardrails/prebuilt-patterns";
import { chatCompletion, jsonUpstreamResponse, masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's built-in content filter (`litellm_content_filter`) through the real gateway, on both doors.
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
guardrails:
  - guardrail_name: pii-mask
    litellm_params:
      guardrail: litellm_content_filter
      mode: pre_call
      default_on: true
      patterns:
        - { pattern_type: prebuilt, pattern_name: email, action: MASK }
        - { pattern_type: prebuilt, pattern_name: credit_card, action: MASK }
        - { pattern_type: prebuilt, pattern_name: us_ssn, action: BLOCK }
      blocked_words:
        - { keyword: "project nightingale", action: BLOCK }
  - guardrail_name: no-secrets-out
    litellm_params:
      guardrail: litellm_content_filter
      mode: [post_call]
      patterns:
        - { pattern_type: regex, name: internal_host, pattern: "[a-z0-9-]+\\\\.corp\\\\.example", action: MASK }
        - { pattern_type: prebuilt, pattern_name: api_key, action: BLOCK }
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
const chat = (content: unknown, fields: object = {}) => ({ model: "gpt-4o", messages: [{ role: "user", content }], ...fields });

describe("the content filter before the call (default_on)", () => {
  it("masks e-mail addresses and card numbers that pass Luhn, leaving other digit runs alone", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", {
      key: masterKey,
      body: chat("Mail ada@example.com, card 4111 1111 1111 1111, order 1234 5678 9012 3456"),
    });
    expect(response.status).toBe(200);
    expect(sentBody().messages).toEqual([{ role: "user", content: "Mail [EMAIL_REDACTED], card [CREDIT_CARD_REDACTED], order 1234 5678 9012 3456" }]);
  });

  it("refuses a request with a blocked pattern or keyword before anything is sent, in the caller's shape", async () => {
    const blocked = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat([{ type: "text", text: "My SSN is 078-05-1120" }]) });
    expect(blocked.status).toBe(400);
    expect(await blocked.json()).toEqual({
      error: { message: 'Blocked by guardrail "pii-mask": the request contains us_ssn', type: "invalid_request_error", param: "messages", code: "guardrail_blocked" },
    });
    const anthropic = await harness.call("POST", "/v1/messages", {
      key: masterKey,
      body: { model: "claude", max_tokens: 10, system: "About Project Nightingale.", messages: [{ role: "user", content: "status?" }] },
    });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: 'Blocked by guardrail "pii-mask": the request contains keyword "project nightingale"' },
    });
    expect(harness.sent).toHaveLength(0);
  });

  it("masks Anthropic system blocks, text blocks and tool results", async () => {
    harness.answer = async () =>
      jsonUpstreamResponse(200, {
        id: "m",
        type: "message",
        role: "assistant",
        model: "x",
        content: [{ type: "text", text: "ok" }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    const response = await harness.call("POST", "/v1/messages", {
      key: masterKey,
      body: {
        model: "claude",
        max_tokens: 10,
        system: [{ type: "text", text: "Escalate to ops@example.com" }],
        messages: [
          { role: "user", content: [{ type: "text", text: "hi bob@example.com" }] },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "lookup", input: {} }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "owner: eve@example.com" }] },
        ],
      },
    });
    expect(response.status).toBe(200);
    const sent = sentBody();
    expect(sent.system).toEqual([{ type: "text", text: "Escalate to [EMAIL_REDACTED]" }]);
    expect(JSON.stringify(sent.messages)).not.toContain("@example.com");
  });
});

describe("guardrails a request names", () => {
  it("applies a named guardrail to the answer, and takes the names out of what the provider sees", async () => {
    harness.answer = async () =>
      jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: "See build-7.corp.example" }, finish_reason: "stop" }] });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("hi", { guardrails: ["no-secrets-out"] }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as typeof chatCompletion).choices[0].message.content).toBe("See [INTERNAL_HOST_REDACTED]");
    expect(sentBody()).not.toHaveProperty("guardrails");

    harness.answer = async () =>
      jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: "key sk-proj-abcdefghijklmnopqrstuvwx" }, finish_reason: "stop" }] });
    const refused = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("hi", { metadata: { guardrails: ["no-secrets-out"] } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('Blocked by guardrail "no-secrets-out": the answer contains api_key');
  });

  it("holds a streamed answer whole for post_call BLOCK rules", async () => {
    harness.answer = async () => ({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: Readable.from([
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "key sk-proj-abcdefghij" } }] })}\n\ndata: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "klmnopqrstuvwx" } }] })}\n\ndata: [DONE]\n\n`,
      ]),
    });
    const refused = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("hi", { stream: true, guardrails: ["no-secrets-out"] }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('Blocked by guardrail "no-secrets-out": the answer contains api_key');
  });

  it("does not apply a guardrail that is neither default_on nor named", async () => {
    harness.answer = async () =>
      jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: "See build-7.corp.example" }, finish_reason: "stop" }] });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("hi") });
    expect(((await response.json()) as typeof chatCompletion).choices[0].message.content).toBe("See build-7.corp.example");
  });

  it("refuses a guardrail asked for on an operation it does not read, rather than skip it", async () => {
    const response = await harness.call("POST", "/v1/embeddings", { key: masterKey, body: { model: "gpt-4o", input: "ada@example.com", guardrails: ["pii-mask"] } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "guardrails", message: "'guardrails': guardrails check chat completions, responses and messages only, not embeddings" } });
    expect(harness.sent).toHaveLength(0);
  });

  it("refuses a guardrail name that is not configured", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: chat("hi", { guardrails: ["aporia"] }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "guardrails", message: `'guardrails': no guardrail "aporia" is configured; configured: pii-mask, no-secrets-out` } });
    expect(harness.sent).toHaveLength(0);
  });
});

describe("the Responses API", () => {
  const response = (text: string) => ({
    id: "resp_1",
    object: "response",
    created_at: 1,
    status: "completed",
    model: "gpt-4o",
    output: [{ type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text, annotations: [] }] }],
    usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
  });

  it("masks its input (a string, or items and tool outputs) and its instructions before the call", async () => {
    harness.answer = async () => jsonUpstreamResponse(200, response("ok"));
    expect((await harness.call("POST", "/v1/responses", { key: masterKey, body: { model: "gpt-4o", input: "mail ada@example.com", instructions: "cc ops@example.com" } })).status).toBe(200);
    expect(sentBody()).toMatchObject({ input: "mail [EMAIL_REDACTED]", instructions: "cc [EMAIL_REDACTED]" });
    const items = [
      { role: "user", content: [{ type: "input_text", text: "hi bob@example.com" }] },
      { type: "function_call_output", call_id: "c1", output: "owner: eve@example.com" },
    ];
    expect((await harness.call("POST", "/v1/responses", { key: masterKey, body: { model: "gpt-4o", input: items } })).status).toBe(200);
    expect(JSON.stringify(sentBody().input)).not.toContain("@example.com");
    const blocked = await harness.call("POST", "/v1/responses", { key: masterKey, body: { model: "gpt-4o", input: "SSN 078-05-1120" } });
    expect(blocked.status).toBe(400);
  });

  it("runs a named post_call filter over the response's output", async () => {
    harness.answer = async () => jsonUpstreamResponse(200, response("See build-7.corp.example"));
    const answered = await harness.call("POST", "/v1/responses", { key: masterKey, body: { model: "gpt-4o", input: "hi", guardrails: ["no-secrets-out"] } });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { output: Array<{ content: Array<{ text: string }> }> }).output[0].content[0].text).toBe("See [INTERNAL_HOST_REDACTED]");
  });
});

describe("check digits", () => {
  it("Luhn and IBAN mod-97", () => {
    expect(passesLuhn("4111 1111 1111 1111")).toBe(true);
    expect(passesLuhn("4111 1111 1111 1112")).toBe(false);
    expect(passesIbanCheck("DE89 3704 0044 0532 0130 00")).toBe(true);
    expect(passesIbanCheck("DE89 3704 0044 0532 0130 01")).toBe(false);
  });
});
