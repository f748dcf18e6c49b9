import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

let fake: FakeProviders;
let gateway: GatewayProcess;
let key: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-secret-9 }
`,
    env: { SWITCHYARD_MAX_BODY_BYTES: "4096" },
  });
  key = await createKey(gateway.url);
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, contentType: string | null = "application/json") {
  const response = await fetch(gateway.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, ...(contentType ? { "content-type": contentType } : {}) },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

function expectOpenAIError(json: any) {
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(typeof json.error.message).toBe("string");
}

describe("bad input gets a clear 4xx in the OpenAI shape", () => {
  const cases: Array<[string, () => ReturnType<typeof post>, number, string]> = [
    ["malformed JSON", () => post("/v1/chat/completions", "{not json"), 400, "invalid_json"],
    ["a JSON array", () => post("/v1/chat/completions", "[1,2]"), 400, "invalid_json"],
    ["an empty body", () => post("/v1/chat/completions", ""), 400, "invalid_json"],
    ["a missing model", () => post("/v1/chat/completions", JSON.stringify({ messages: [] })), 400, "missing_model"],
    ["a model that is not a string", () => post("/v1/chat/completions", JSON.stringify({ model: 42 })), 400, "missing_model"],
    ["a form body", () => post("/v1/chat/completions", "model=gpt-4o", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"],
    ["a body over the limit", () => post("/v1/chat/completions", JSON.stringify({ model: "gpt-4o", pad: "x".repeat(10_000) })), 413, "request_too_large"],
    ["an unknown route", () => post("/v1/not-a-thing", "{}"), 404, "not_found"],
    ["invalid UTF-8", () => post("/v1/chat/completions", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 400, "invalid_json"],
  ];

  for (const [name, send, status, code] of cases) {
    it(`${name} -> ${status} ${code}`, async () => {
      const answer = await send();
      expect(answer.status).toBe(status);
      expectOpenAIError(answer.json);
      expect(answer.json.error.code).toBe(code);
      expect(answer.text).not.toMatch(/\bat .*\.(m?js|ts):\d+/); // never a stack trace
      expect(answer.text).not.toContain("sk-upstream-secret-9");
    });
  }

  it("answers GET on a POST route with 405 and Allow", async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expectOpenAIError(await response.json());
  });

  it("keeps serving after all of that", async () => {
    const answer = await post("/v1/chat/completions", JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "still here" }] }));
    expect(answer.status).toBe(200);
    expect(answer.json.choices[0].message.content).toBe("echo: still here");
  });
});
