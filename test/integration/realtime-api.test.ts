import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRealtime, type FakeRealtime } from "../../e2e/fixtures/fake-realtime.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { makeOffer } from "./helpers/sdp-offer";

let fake: FakeRealtime;
let shortLived: FakeRealtime;
let gateway: GatewayProcess;
const offers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  fake = await startFakeRealtime();
  shortLived = await startFakeRealtime({ ephemeralTtlSeconds: 1, icePortRange: [52000, 52999] });
  const entry = (group: string, params: string) => `  - model_name: ${group}\n    litellm_params: { ${params} }\n    model_info: { mode: realtime }\n`;
  gateway = await startGateway({
    config: `model_list:
${entry("gpt-realtime", `model: openai/gpt-realtime, api_base: "${fake.url}/v1", api_key: sk-rt-a`)}${entry("azure-realtime", `model: azure/my-realtime, api_base: "${fake.url}", api_key: sk-rt-b`)}${entry("azure-realtime-preview", `model: azure/my-realtime, api_base: "${fake.url}", api_key: sk-rt-b, api_version: 2025-04-01-preview`)}${entry("short-lived", `model: openai/gpt-realtime, api_base: "${shortLived.url}/v1", api_key: sk-rt-a`)}${entry("gpt-4o-transcribe", `model: openai/gpt-4o-transcribe, api_base: "${fake.url}/v1", api_key: sk-rt-a`)}
general_settings: { allowed_origins: ["http://app.example"] }
`,
    env: { SWITCHYARD_SALT_KEY: "a-test-salt-key-that-is-long-enough" },
  });
});

afterAll(async () => {
  await Promise.all(offers.map((close) => close()));
  await gateway?.stop();
  await fake?.close();
  await shortLived?.close();
});

async function mint(key: string, body: object) {
  const response = await fetch(`${gateway.url}/v1/realtime/client_secrets`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function call(token: string, init: { body?: string | FormData; contentType?: string } = {}) {
  let body = init.body;
  if (body === undefined) {
    const offer = await makeOffer();
    offers.push(offer.close);
    body = offer.sdp;
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (typeof body === "string") headers["content-type"] = init.contentType ?? "application/sdp";
  const response = await fetch(`${gateway.url}/v1/realtime/calls`, { method: "POST", headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const lastRequest = (kind: string, on: FakeRealtime = fake) => [...on.requests].reverse().find((request) => request.kind === kind)!;

describe("client_secrets", () => {
  it("mints a Switchyard token around the provider's ephemeral key, with the official SDK", async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url), maxRetries: 0 });
    const secret = await client.realtime.clientSecrets.create({ session: { type: "realtime", model: "gpt-realtime" } });
    expect(secret.value).toMatch(/^sy_rt\./);
    const upstream = lastRequest("client_secrets");
    expect(upstream.headers.authorization).toBe("Bearer sk-rt-a");
    expect(JSON.parse(upstream.body).session).toMatchObject({ type: "realtime", model: "gpt-realtime" });
    const minted = [...fake.secrets.values()].at(-1)!;
    expect(secret.expires_at).toBe(minted.expiresAt);
    expect(JSON.stringify(secret)).not.toContain("ek_");
  });

  it("takes the convenience {model} too, answers both shapes, and forwards only the provider's fields", async () => {
    const { status, json } = await mint(await createKey(gateway.url), { model: "gpt-realtime", expires_after: { anchor: "created_at", seconds: 120 } });
    expect(status).toBe(200);
    expect(json.client_secret.value).toBe(json.value);
    expect(json.client_secret.expires_at).toBe(json.expires_at);
    const sent = JSON.parse(lastRequest("client_secrets").body);
    expect(sent).toEqual({ expires_after: { anchor: "created_at", seconds: 120 }, session: { type: "realtime", model: "gpt-realtime" } });
  });

  it("checks every model the session names, the transcription model included", async () => {
    const key = await createKey(gateway.url, { models: ["gpt-realtime"] });
    expect((await mint(key, { model: "azure-realtime" })).status).toBe(403);
    const transcribing = await mint(key, { session: { type: "realtime", model: "gpt-realtime", audio: { input: { transcription: { model: "gpt-4o-transcribe" } } } } });
    expect(transcribing.status).toBe(403);
    expect(transcribing.json.error.message).toContain("gpt-4o-transcribe");
  });

  it("uses Azure's GA paths by default and the dated preview paths with their api-version", async () => {
    const key = await createKey(gateway.url);
    const ga = await mint(key, { model: "azure-realtime" });
    expect(ga.status).toBe(200);
    expect(lastRequest("client_secrets").url).toBe("/openai/v1/realtime/client_secrets");
    expect(lastRequest("client_secrets").headers["api-key"]).toBe("sk-rt-b");
    expect((await call(ga.json.value)).status).toBe(201);
    expect(lastRequest("calls").url).toBe("/openai/v1/realtime/calls");

    const preview = await mint(key, { model: "azure-realtime-preview" });
    expect(preview.status).toBe(200);
    expect(lastRequest("preview_sessions").url).toBe("/openai/realtimeapi/sessions?api-version=2025-04-01-preview");
    expect(JSON.parse(lastRequest("preview_sessions").body).model).toBe("my-realtime");
    expect((await call(preview.json.client_secret.value)).status).toBe(201);
    expect(lastRequest("calls").url).toBe("/openai/realtime/calls?api-version=2025-04-01-preview");
  });
});

describe("calls", () => {
  it("forwards the SDP offer with the ephemeral key and returns the answer, status and Location", async () => {
    const { json } = await mint(await createKey(gateway.url), { model: "gpt-realtime" });
    const answer = await call(json.value);
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/sdp");
    expect(answer.text.startsWith("v=0")).toBe(true);
    expect(answer.headers.get("location")).toMatch(/^\/v1\/realtime\/calls\/rtc_/);
    const upstream = lastRequest("calls");
    expect(upstream.headers.authorization).toMatch(/^Bearer ek_/);
    expect(upstream.body).toContain("m=application");
  });

  it("takes the multipart form variant (sdp + session)", async () => {
    const { json } = await mint(await createKey(gateway.url), { model: "gpt-realtime" });
    const offer = await makeOffer();
    offers.push(offer.close);
    const form = new FormData();
    form.set("sdp", offer.sdp);
    form.set("session", JSON.stringify({ type: "realtime", instructions: "be brief" }));
    const answer = await call(json.value, { body: form });
    expect(answer.status).toBe(201);
    expect(lastRequest("calls").headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("refuses keys of the wrong kind, garbage and tampering with 401", async () => {
    const key = await createKey(gateway.url);
    const { json } = await mint(key, { model: "gpt-realtime" });
    for (const wrong of [key, masterKey, "sk-rt-a"]) {
      const answer = await call(wrong, { body: "v=0\r\n" });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).error.message).toContain("/v1/realtime/client_secrets");
    }
    const last = json.value.at(-2) === "A" ? "B" : "A";
    const tampered = json.value.slice(0, -2) + last + json.value.at(-1);
    for (const bad of ["sy_rt.garbage.garbage", tampered, json.value.replace(/^sy_rt\.[0-9a-f]{8}/, "sy_rt.00000000")]) {
      const answer = await call(bad, { body: "v=0\r\n" });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).error.code).toBe("invalid_token");
    }
    expect((await call(json.value, { body: "v=0", contentType: "text/plain" })).status).toBe(415);
  });

  it("expires at the provider's own expiry, and says so", async () => {
    const { json } = await mint(await createKey(gateway.url), { model: "short-lived" });
    await new Promise((done) => setTimeout(done, Math.max(0, json.expires_at * 1000 - Date.now()) + 50));
    const answer = await call(json.value, { body: "v=0\r\n" });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).error.message).toMatch(/^Token expired/);
  });

  it("is held to the key's model access now, not when the token was minted", async () => {
    const key = await createKey(gateway.url, { models: ["gpt-realtime", "azure-realtime"] });
    const revoked = (await mint(key, { model: "gpt-realtime" })).json.value;
    const kept = (await mint(key, { model: "azure-realtime" })).json.value;
    expect((await manage(gateway.url, "POST", "/key/update", { key, models: ["azure-realtime"] })).status).toBe(200);
    const callsBefore = fake.requests.filter((request) => request.kind === "calls").length;
    const refused = await call(revoked);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: "model_not_allowed", type: "permission_error" });
    expect(fake.requests.filter((request) => request.kind === "calls")).toHaveLength(callsBefore);
    expect((await call(kept)).status).toBe(201);
  });

  it("is held to the key's budget now, not when the token was minted", async () => {
    const key = await createKey(gateway.url, { max_budget: 10 });
    const token = (await mint(key, { model: "gpt-realtime" })).json.value;
    expect((await manage(gateway.url, "POST", "/key/update", { key, max_budget: 0 })).status).toBe(200);
    const callsBefore = fake.requests.filter((request) => request.kind === "calls").length;
    const refused = await call(token);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).error.code).toBe("budget_exceeded");
    expect(fake.requests.filter((request) => request.kind === "calls")).toHaveLength(callsBefore);
  });

  it("stops working when the key is blocked or deleted", async () => {
    const key = await createKey(gateway.url);
    const first = (await mint(key, { model: "gpt-realtime" })).json.value;
    const second = (await mint(key, { model: "gpt-realtime" })).json.value;
    await manage(gateway.url, "POST", "/key/block", { key });
    expect((await call(first, { body: "v=0\r\n" })).status).toBe(401);
    await manage(gateway.url, "POST", "/key/delete", { keys: [key] });
    expect((await call(second, { body: "v=0\r\n" })).status).toBe(401);
  });
});

describe("browsers and bookkeeping", () => {
  it("answers CORS preflights for allowed origins only, and exposes Location", async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/v1/realtime/calls`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
    const allowed = await preflight("http://app.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://app.example");
    expect((await preflight("http://evil.example")).status).toBe(403);
    const minted = await fetch(`${gateway.url}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { origin: "http://app.example", authorization: `Bearer ${await createKey(gateway.url)}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-realtime" }),
    });
    expect(minted.headers.get("access-control-allow-origin")).toBe("http://app.example");
    expect(minted.headers.get("access-control-expose-headers")).toContain("Location");
  });

  it("logs each mint and call against the key", async () => {
    const key = await createKey(gateway.url);
    const { json } = await mint(key, { model: "gpt-realtime" });
    await call(json.value);
    const rows = (await manage(gateway.url, "GET", `/spend/logs?api_key=${key}`)).json;
    expect(rows.map((row: any) => row.call_type).sort()).toEqual(["realtime.call", "realtime.client_secret"]);
  });
});

describe("sideband metering", () => {
  const usage = {
    total_tokens: 1500,
    input_tokens: 1000,
    output_tokens: 500,
    input_token_details: { text_tokens: 200, audio_tokens: 800, cached_tokens: 0 },
    output_token_details: { text_tokens: 100, audio_tokens: 400 },
  };
  // gpt-realtime in the cost map: text in 4e-6, audio in 3.2e-5, text out 1.6e-5, audio out 6.4e-5.
  const expectedCost = 200 * 4e-6 + 800 * 3.2e-5 + 100 * 1.6e-5 + 400 * 6.4e-5;

  async function startCall(key: string) {
    const { json } = await mint(key, { model: "gpt-realtime" });
    const answer = await call(json.value);
    const callId = answer.headers.get("location")!.split("/").at(-1)!;
    const deadline = Date.now() + 5_000;
    while (!fake.calls.get(callId)?.sideband && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    return callId;
  }

  async function spendRows(key: string, callType: string, count: number) {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const rows = (await manage(gateway.url, "GET", `/spend/logs?api_key=${key}`)).json.filter((row: any) => row.call_type === callType);
      if (rows.length >= count || Date.now() > deadline) return rows;
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  it("opens the provider's sideband with the real key and prices every response.done", async () => {
    const key = await createKey(gateway.url);
    const callId = await startCall(key);
    expect(fake.requests.find((request) => request.kind === "sideband" && request.url.includes(callId))?.headers.authorization).toBe("Bearer sk-rt-a");
    fake.emitResponseDone(callId, usage);
    fake.emitResponseDone(callId, usage);
    const rows = await spendRows(key, "realtime.response", 2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ model: "gpt-realtime", prompt_tokens: 1000, completion_tokens: 500, unpriced: false });
    expect(rows[0].spend).toBeCloseTo(expectedCost, 12);
    expect(fake.calls.get(callId)!.hungUp).toBe(false);
  });

  it("hangs the call up once the key's budget is spent", async () => {
    const key = await createKey(gateway.url, { max_budget: 0.05 });
    const callId = await startCall(key);
    fake.emitResponseDone(callId, usage);
    const deadline = Date.now() + 5_000;
    while (!fake.calls.get(callId)!.hungUp && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    expect(fake.calls.get(callId)!.hungUp).toBe(true);
    const hangup = fake.requests.find((request) => request.kind === "hangup" && request.url.includes(callId))!;
    expect(hangup.headers.authorization).toBe("Bearer sk-rt-a");
    // And the key can start no new session.
    expect((await mint(key, { model: "gpt-realtime" })).status).toBe(429);
  });
});
