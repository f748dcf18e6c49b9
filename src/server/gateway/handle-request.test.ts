import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness(4_096);
});
afterEach(async () => {
  await harness.close();
});

const hello = { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] };

/** The OpenAI error object of a response, checked for exactly OpenAI's four fields. */
async function openAIError(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  return body.error as { message: string; type: string; param: string | null; code: string | null };
}

describe("handleRequest: malformed requests", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: '{"model": "gpt-4o",' });
    expect(response.status).toBe(400);
    const error = await openAIError(response);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "invalid_json", param: null });
    expect(error.message).toContain("not valid JSON");
    expect(harness.sent).toHaveLength(0);
  });

  it("answers a body that is not an object, or empty, with 400 invalid_json", async () => {
    for (const body of ["[1,2]", '"text"', ""]) {
      const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body });
      expect(response.status).toBe(400);
      expect((await openAIError(response)).code).toBe("invalid_json");
    }
  });

  it("answers a missing model with 400 naming the model param", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { messages: hello.messages } });
    expect(response.status).toBe(400);
    expect(await openAIError(response)).toMatchObject({ code: "missing_model", param: "model", type: "invalid_request_error" });
  });

  it("answers a non-JSON content type with 415", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", {
      key: masterKey,
      body: JSON.stringify(hello),
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(415);
    expect((await openAIError(response)).code).toBe("unsupported_media_type");
  });

  it("answers a body over maxBodyBytes with 413 and does not call upstream", async () => {
    const big = { ...hello, messages: [{ role: "user", content: "x".repeat(5_000) }] };
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: big });
    expect(response.status).toBe(413);
    expect((await openAIError(response)).code).toBe("request_too_large");
    expect(harness.sent).toHaveLength(0);
  });
});

describe("handleRequest: routes", () => {
  it("answers an unknown route with a JSON 404", async () => {
    const response = await harness.call("POST", "/v1/nothing-here", { key: masterKey, body: {} });
    expect(response.status).toBe(404);
    const error = await openAIError(response);
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("/v1/nothing-here");
  });

  it("answers GET on a POST route with 405 and an allow header", async () => {
    const response = await harness.call("GET", "/v1/chat/completions", { key: masterKey });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await openAIError(response)).code).toBe("method_not_allowed");
  });

  it("serves health checks without a key", async () => {
    expect((await harness.call("GET", "/health/liveliness")).status).toBe(200);
  });

  it("serves OpenAI paths with and without /v1", async () => {
    expect((await harness.call("POST", "/chat/completions", { key: masterKey, body: hello })).status).toBe(200);
    expect((await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: hello })).status).toBe(200);
  });
});

describe("handleRequest: authentication", () => {
  it("answers a request without a key with 401", async () => {
    const response = await harness.call("POST", "/v1/chat/completions", { body: hello });
    expect(response.status).toBe(401);
    expect(await openAIError(response)).toMatchObject({ code: "missing_api_key", type: "authentication_error" });
  });

  it("answers an unknown or malformed key with 401 invalid_api_key", async () => {
    for (const key of ["sk-not-a-real-key-0000000000000000", "garbage"]) {
      const response = await harness.call("POST", "/v1/chat/completions", { key, body: hello });
      expect(response.status).toBe(401);
      expect((await openAIError(response)).code).toBe("invalid_api_key");
    }
  });

  it("accepts the master key as api-key and x-api-key too", async () => {
    expect((await harness.call("GET", "/v1/models", { headers: { "api-key": masterKey } })).status).toBe(200);
    expect((await harness.call("GET", "/v1/models", { headers: { "x-api-key": masterKey } })).status).toBe(200);
  });
});
