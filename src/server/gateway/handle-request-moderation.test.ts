import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UpstreamRequest } from "./providers/types";
import { chatCompletion, jsonUpstreamResponse, masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's openai_moderation guardrail through the real gateway, served by a model group of
// model_list; and which guardrails a request runs under, by its key and by what it asks.
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
  - model_name: moderator
    litellm_params: { model: openai/omni-moderation-latest, api_base: "http://moderation.test/v1", api_key: sk-moderation }
guardrails:
  - guardrail_name: mod-in
    litellm_params: { guardrail: openai_moderation, mode: pre_call, model: moderator, default_on: true }
  - guardrail_name: mod-during
    litellm_params: { guardrail: openai_moderation, mode: during_call, model: moderator }
  - guardrail_name: mod-out
    litellm_params: { guardrail: openai_moderation, mode: post_call, model: moderator }
  - guardrail_name: pii
    litellm_params:
      guardrail: litellm_content_filter
      mode: pre_call
      patterns: [{ pattern_type: prebuilt, pattern_name: email, action: MASK }]
general_settings:
  master_key: ${masterKey}
`;

const flagWord = "KABOOM";

let harness: Harness;
/** What the chat upstream answers; the moderation API flags any input with the flag word. */
let chatAnswer: () => Promise<ReturnType<typeof jsonUpstreamResponse>>;
let moderationAnswer: (request: UpstreamRequest) => Promise<ReturnType<typeof jsonUpstreamResponse>>;

function flagging(request: UpstreamRequest) {
  const { input } = JSON.parse(request.body!) as { input: string };
  const flagged = input.includes(flagWord);
  return jsonUpstreamResponse(200, {
    id: "modr-1",
    model: "omni-moderation-latest",
    results: [{ flagged, categories: { violence: flagged, hate: false }, category_scores: { violence: flagged ? 0.9 : 0 } }],
  });
}

beforeEach(async () => {
  harness = await startHarness(4_096, { config });
  chatAnswer = async () => jsonUpstreamResponse(200, chatCompletion);
  moderationAnswer = async (request) => flagging(request);
  harness.answer = (request) => (request.url.endsWith("/moderations") ? moderationAnswer(request) : chatAnswer());
});
afterEach(async () => {
  await harness.close();
});

const moderationCalls = () => harness.sent.filter((request) => request.url.endsWith("/moderations"));
const chatCalls = () => harness.sent.filter((request) => !request.url.endsWith("/moderations"));
const chat = (content: string, fields: object = {}) => ({ model: "gpt-4o", messages: [{ role: "user", content }], ...fields });
const post = (body: object, key = masterKey, path = "/v1/chat/completions") => harness.call("POST", path, { key, body });

describe("openai_moderation before the call (default_on)", () => {
  it("sends the last user turn to the moderation deployment and refuses a flagged one in OpenAI's shape, before any call", async () => {
    const response = await post({
      model: "gpt-4o",
      messages: [
        { role: "user", content: "earlier" },
        { role: "assistant", content: "ok" },
        { role: "user", content: `a ${flagWord}` },
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: `Blocked by guardrail "mod-in": the request violates OpenAI's moderation policy (violence)`,
        type: "invalid_request_error",
        param: "messages",
        code: "guardrail_blocked",
      },
    });
    const [sent] = moderationCalls();
    expect(sent.url).toBe("http://moderation.test/v1/moderations");
    expect(sent.headers.authorization).toBe("Bearer sk-moderation");
    expect(JSON.parse(sent.body!)).toEqual({ model: "omni-moderation-latest", input: `a ${flagWord}` });
    expect(chatCalls()).toHaveLength(0);
  });

  it("answers a clean request, and refuses a flagged one on the Messages door in Anthropic's shape", async () => {
    expect((await post(chat("hello"))).status).toBe(200);
    expect(chatCalls()).toHaveLength(1);
    const anthropic = await post({ model: "claude", max_tokens: 10, messages: [{ role: "user", content: [{ type: "text", text: flagWord }] }] }, masterKey, "/v1/messages");
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: `Blocked by guardrail "mod-in": the request violates OpenAI's moderation policy (violence)` },
    });
    expect(chatCalls()).toHaveLength(1);
  });

  it("reads the Responses API's input: a string, or its last user items", async () => {
    expect((await post({ model: "gpt-4o", input: `x ${flagWord}` }, masterKey, "/v1/responses")).status).toBe(400);
    const items = [
      { role: "user", content: [{ type: "input_text", text: flagWord }] },
      { role: "assistant", content: [{ type: "output_text", text: "no" }] },
      { role: "user", content: [{ type: "input_text", text: "fine now" }] },
    ];
    chatAnswer = async () => jsonUpstreamResponse(200, { id: "resp_1", object: "response", status: "completed", output: [], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } });
    expect((await post({ model: "gpt-4o", input: items }, masterKey, "/v1/responses")).status).toBe(200);
    expect(JSON.parse(moderationCalls().at(-1)!.body!).input).toBe("fine now");
  });

  it("moderates what the content filter left: masking runs first", async () => {
    await post(chat("write to ada@example.com", { guardrails: ["pii"] }));
    expect(JSON.parse(moderationCalls()[0].body!).input).toBe("write to [EMAIL_REDACTED]");
  });

  it("fails closed with a 502 when the moderation API cannot answer: nothing is sent unchecked", async () => {
    moderationAnswer = async () => jsonUpstreamResponse(500, { error: { message: "down" } });
    const response = await post(chat("hello"));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      error: { code: "guardrail_unavailable", type: "server_error", message: `Guardrail "mod-in" could not check the request: the moderation API at moderation.test answered 500` },
    });
    moderationAnswer = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    expect((await post(chat("hello"))).status).toBe(502);
    expect(chatCalls()).toHaveLength(0);
  });
});

describe("openai_moderation during and after the call", () => {
  it("during_call runs beside the call and holds the answer back until it passes", async () => {
    // The moderation answers only once the chat call has started: run one after the other, this would never end.
    let chatStarted!: () => void;
    const started = new Promise<void>((resolve) => (chatStarted = resolve));
    moderationAnswer = async (request) => (request.body!.includes("mod-during-probe") || request.body!.includes(flagWord) ? (await started, flagging(request)) : flagging(request));
    chatAnswer = async () => {
      chatStarted();
      return jsonUpstreamResponse(200, chatCompletion);
    };
    // Without mod-in (pre_call), which would wait for the chat call before it, and it for mod-in.
    const key = await keyWith({ disable_global_guardrails: true });
    const passed = await post(chat("mod-during-probe", { guardrails: ["mod-during"] }), key);
    expect(passed.status).toBe(200);
    expect(moderationCalls()).toHaveLength(1);
    expect(chatCalls()).toHaveLength(1);
  });

  it("during_call: a flagged request's answer is dropped, streamed or not", async () => {
    const key = await keyWith({ disable_global_guardrails: true, guardrails: ["mod-during"] });
    const refused = await post(chat(flagWord), key);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^Blocked by guardrail "mod-during"/);
    expect(chatCalls()).toHaveLength(1);

    let destroyed = false;
    chatAnswer = async () => {
      const body = new Readable({ read() {} });
      body.push('data: {"choices":[{"index":0,"delta":{"content":"secret"}}]}\n\n');
      body.on("close", () => (destroyed = true));
      return { status: 200, headers: { "content-type": "text/event-stream" }, body };
    };
    const streamed = await post(chat(flagWord, { stream: true }), key);
    expect(streamed.status).toBe(400);
    expect(await streamed.text()).not.toContain("secret");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(destroyed).toBe(true);
  });

  it("during_call on the Messages door: the upstream is called, its answer dropped when the request is flagged", async () => {
    const key = await keyWith({ disable_global_guardrails: true, guardrails: ["mod-during"] });
    chatAnswer = async () =>
      jsonUpstreamResponse(200, {
        id: "m",
        type: "message",
        role: "assistant",
        model: "x",
        content: [{ type: "text", text: "secret" }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    const refused = await post({ model: "claude", max_tokens: 10, messages: [{ role: "user", content: flagWord }] }, key, "/v1/messages");
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text)).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: expect.stringMatching(/^Blocked by guardrail "mod-during"/) } });
    expect(chatCalls()).toHaveLength(1);
  });

  it("post_call refuses a flagged answer on both doors", async () => {
    chatAnswer = async () => jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: `say ${flagWord}` }, finish_reason: "stop" }] });
    const refused = await post(chat("hi", { metadata: { guardrails: ["mod-out"] } }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { param: null, message: `Blocked by guardrail "mod-out": the answer violates OpenAI's moderation policy (violence)` } });
    expect(JSON.parse(moderationCalls().at(-1)!.body!).input).toBe(`say ${flagWord}`);

    chatAnswer = async () =>
      jsonUpstreamResponse(200, {
        id: "m",
        type: "message",
        role: "assistant",
        model: "x",
        content: [{ type: "text", text: flagWord }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    const anthropic = await post({ model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }], guardrails: ["mod-out"] }, masterKey, "/v1/messages");
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    // Both answers cost tokens: their rows say so, as failures with the status the client got.
    const logs = (await (await harness.call("GET", "/spend/logs", { key: masterKey })).json()) as Array<{ status: string; status_code: number; total_tokens: number }>;
    expect(logs.map(({ status, status_code, total_tokens }) => ({ status, status_code, total_tokens }))).toEqual([
      { status: "failure", status_code: 400, total_tokens: 2 },
      { status: "failure", status_code: 400, total_tokens: 6 },
    ]);
  });
});

describe("post_call on streamed answers", () => {
  const sseBody = (...payloads: unknown[]) => ({
    status: 200,
    headers: { "content-type": "text/event-stream" },
    body: Readable.from([payloads.map((payload) => `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`).join("")]),
  });

  it("holds a streamed chat answer whole, refuses it when flagged, and relays it unchanged when clean", async () => {
    chatAnswer = async () =>
      sseBody(
        { choices: [{ index: 0, delta: { content: "say " } }] },
        { choices: [{ index: 0, delta: { content: flagWord } }] },
        { choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } },
        "[DONE]",
      );
    const refused = await post(chat("hi", { stream: true, guardrails: ["mod-out"] }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: "guardrail_blocked", message: `Blocked by guardrail "mod-out": the answer violates OpenAI's moderation policy (violence)` },
    });
    expect(JSON.parse(moderationCalls().at(-1)!.body!).input).toBe(`say ${flagWord}`);
    // Its row says what the client got, with the tokens the answer cost.
    const logs = (await (await harness.call("GET", "/spend/logs", { key: masterKey })).json()) as Array<{ status: string; status_code: number; completion_tokens: number }>;
    expect(logs).toEqual([expect.objectContaining({ status: "failure", status_code: 400, completion_tokens: 3 })]);

    chatAnswer = async () => sseBody({ choices: [{ index: 0, delta: { content: "all good" } }] }, "[DONE]");
    const clean = await post(chat("hi", { stream: true, guardrails: ["mod-out"] }));
    expect(clean.status).toBe(200);
    const text = await clean.text();
    expect(text).toContain("all good");
    expect(text).toContain("[DONE]");
  });

  it("does the same on the Messages door", async () => {
    const events = [
      { type: "message_start", message: { id: "m", type: "message", role: "assistant", model: "x", content: [], usage: { input_tokens: 1, output_tokens: 0 } } },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: flagWord } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 1 } },
      { type: "message_stop" },
    ];
    chatAnswer = async () => sseBody(...events);
    const refused = await post({ model: "claude", max_tokens: 10, stream: true, messages: [{ role: "user", content: "hi" }], guardrails: ["mod-out"] }, masterKey, "/v1/messages");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

async function keyWith(fields: object, by = masterKey): Promise<string> {
  const response = await harness.call("POST", "/key/generate", { key: by, body: fields });
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
}

describe("which guardrails run: the key's, the request's, and default_on", () => {
  it("applies a team's guardrails to its keys' requests", async () => {
    const team = await harness.call("POST", "/team/new", { key: masterKey, body: { team_id: "search", guardrails: ["mod-out"] } });
    expect(team.status).toBe(200);
    const key = await keyWith({ team_id: "search" });
    chatAnswer = async () => jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: flagWord }, finish_reason: "stop" }] });
    expect((await post(chat("hi"), key)).status).toBe(400);
    expect((await harness.call("POST", "/team/new", { key: masterKey, body: { guardrails: ["nope"] } })).status).toBe(400);
  });

  it("applies a key's guardrails to every request of it, kept in its metadata as LiteLLM keeps them", async () => {
    const key = await keyWith({ guardrails: ["mod-out"] });
    const info = await harness.call("GET", `/key/info?key=${key}`, { key: masterKey });
    expect(await info.json()).toMatchObject({ info: { metadata: { guardrails: ["mod-out"] } } });
    chatAnswer = async () => jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: flagWord }, finish_reason: "stop" }] });
    expect((await post(chat("hi"), key)).status).toBe(400);
    expect((await post(chat("hi"))).status).toBe(200);
  });

  it("refuses unknown guardrail names on keys and requests, naming them all", async () => {
    const generated = await harness.call("POST", "/key/generate", { key: masterKey, body: { guardrails: ["mod-in", "aporia", "lakera"] } });
    expect(generated.status).toBe(400);
    expect(await generated.json()).toMatchObject({ error: { param: "guardrails", message: `'guardrails': no guardrail "aporia", "lakera" are configured` } });
    const requested = await post(chat("hi", { guardrails: ["aporia", "lakera"] }));
    expect(requested.status).toBe(400);
    expect(((await requested.json()) as { error: { message: string } }).error.message).toBe(
      `'guardrails': no guardrail "aporia", "lakera" are configured; configured: mod-in, mod-during, mod-out, pii`,
    );
  });

  it("lets a request turn a guardrail on ({name: true}) but never off one the config or its key applies", async () => {
    const off = await post(chat(flagWord, { metadata: { guardrails: { "mod-in": false } } }));
    expect(off.status).toBe(403);
    expect(await off.json()).toMatchObject({ error: { type: "permission_error", code: "guardrail_not_modifiable", param: "guardrails" } });
    const key = await keyWith({ guardrails: ["mod-out"] });
    expect((await post(chat("hi", { guardrails: { "mod-out": false } }), key)).status).toBe(403);
    expect(chatCalls()).toHaveLength(0);

    chatAnswer = async () => jsonUpstreamResponse(200, { ...chatCompletion, choices: [{ index: 0, message: { role: "assistant", content: flagWord }, finish_reason: "stop" }] });
    expect((await post(chat("hi", { guardrails: { "mod-out": true } }))).status).toBe(400);
    // Off for one nothing applies: nothing to turn off, the request goes through.
    expect((await post(chat("hi", { guardrails: { "mod-during": false } }))).status).toBe(200);
  });

  it("skips default_on guardrails for a key the master key set disable_global_guardrails on; nobody else may set it", async () => {
    const key = await keyWith({ disable_global_guardrails: true });
    expect((await post(chat(flagWord), key)).status).toBe(200);
    expect(moderationCalls()).toHaveLength(0);

    const admin = await keyWith({ user_role: "proxy_admin" });
    for (const fields of [{ disable_global_guardrails: true }, { metadata: { disable_global_guardrails: true } }]) {
      const refused = await harness.call("POST", "/key/generate", { key: admin, body: fields });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { param: "disable_global_guardrails", message: "Only the master key may set disable_global_guardrails on a key or team" } });
    }
    // Nor through a team: its metadata applies to its keys.
    const team = await harness.call("POST", "/team/new", { key: admin, body: { metadata: { disable_global_guardrails: true } } });
    expect(team.status).toBe(403);
    const plain = await keyWith({ key_alias: "plain" }, admin);
    const update = await harness.call("POST", "/key/update", { key: admin, body: { key: plain, disable_global_guardrails: true } });
    expect(update.status).toBe(403);
    // Guardrail fields alone keep the rest of the key's metadata.
    const owned = await keyWith({ metadata: { team: "search" } });
    expect((await harness.call("POST", "/key/update", { key: masterKey, body: { key: owned, guardrails: ["mod-out"] } })).status).toBe(200);
    const info = await harness.call("GET", `/key/info?key=${owned}`, { key: masterKey });
    expect(await info.json()).toMatchObject({ info: { metadata: { team: "search", guardrails: ["mod-out"] } } });
  });
});
