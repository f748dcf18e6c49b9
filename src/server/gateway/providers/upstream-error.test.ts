import { describe, expect, it } from "vitest";
import { errorBody } from "../errors";
import { UpstreamError, isRetryableStatus, parseUpstreamErrorBody } from "./upstream-error";

describe("parseUpstreamErrorBody", () => {
  it("keeps OpenAI's error shape", () => {
    const text = JSON.stringify({ error: { message: "Rate limit reached for gpt-4o", type: "requests", param: null, code: "rate_limit_exceeded" } });
    expect(parseUpstreamErrorBody(429, text)).toEqual({
      error: { message: "Rate limit reached for gpt-4o", type: "requests", param: null, code: "rate_limit_exceeded" },
    });
  });

  it("keeps a param and turns a numeric code into text", () => {
    const text = JSON.stringify({ error: { message: "bad", type: "invalid_request_error", param: "temperature", code: 400 } });
    expect(parseUpstreamErrorBody(400, text).error).toMatchObject({ param: "temperature", code: "400" });
  });

  it('reads {"error": "text"} and a bare {message}', () => {
    expect(parseUpstreamErrorBody(502, '{"error":"model is loading"}')).toEqual({
      error: { message: "model is loading", type: "server_error", param: null, code: null },
    });
    expect(parseUpstreamErrorBody(400, '{"message":"bad input","type":"validation"}').error).toMatchObject({ message: "bad input", type: "validation" });
  });

  it("keeps the text of an error body that is a bare JSON string", () => {
    expect(parseUpstreamErrorBody(502, '"oops, the model is down"').error.message).toBe("oops, the model is down");
  });

  it("makes a message of plain text, trimmed and capped", () => {
    expect(parseUpstreamErrorBody(503, "  Service Unavailable\n")).toEqual({
      error: { message: "Service Unavailable", type: "server_error", param: null, code: null },
    });
    expect(parseUpstreamErrorBody(500, "<html>".padEnd(2_000, "x")).error.message).toHaveLength(500);
  });

  it("says something useful for an empty body or JSON without a message", () => {
    expect(parseUpstreamErrorBody(429, "").error).toEqual({
      message: "Upstream answered 429 with an empty body",
      type: "rate_limit_error",
      param: null,
      code: null,
    });
    expect(parseUpstreamErrorBody(404, "null").error).toMatchObject({ message: "Upstream answered 404", type: "invalid_request_error" });
    expect(parseUpstreamErrorBody(400, "[1,2]").error.message).toBe("Upstream answered 400");
  });
});

describe("retryability", () => {
  it("retries 408, 409, 429 and 5xx only", () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) expect(isRetryableStatus(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 413, 422]) expect(isRetryableStatus(status)).toBe(false);
  });

  it("takes UpstreamError.isRetryable from the status unless told otherwise", () => {
    const body = errorBody("x", "server_error", null);
    expect(new UpstreamError(503, body).isRetryable).toBe(true);
    expect(new UpstreamError(400, body).isRetryable).toBe(false);
    expect(new UpstreamError(503, body, { isRetryable: false }).isRetryable).toBe(false);
    expect(new UpstreamError(429, body, { retryAfterSeconds: 3 })).toMatchObject({ status: 429, retryAfterSeconds: 3, message: "x" });
  });
});
