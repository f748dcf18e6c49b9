import { describe, expect, it } from "vitest";
import { GatewayError, errorBody, type GatewayErrorCode } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { anthropicErrorResponse } from "./anthropic-errors";

function answer(error: unknown) {
  const response = anthropicErrorResponse(error, () => {});
  return { status: response.status, headers: response.headers, body: JSON.parse(response.body as string) as { type: string; error: { type: string; message: string } } };
}

describe("anthropicErrorResponse", () => {
  it.each<[GatewayErrorCode, number, string]>([
    ["invalid_json", 400, "invalid_request_error"],
    ["missing_api_key", 401, "authentication_error"],
    ["key_blocked", 401, "authentication_error"],
    ["model_not_allowed", 403, "permission_error"],
    ["model_not_found", 404, "not_found_error"],
    ["request_too_large", 413, "request_too_large"],
    ["rate_limit_exceeded", 429, "rate_limit_error"],
    ["tpm_limit_exceeded", 429, "rate_limit_error"],
    ["budget_exceeded", 429, "rate_limit_error"],
    ["no_deployment_available", 503, "overloaded_error"],
    ["upstream_unreachable", 502, "api_error"],
    ["upstream_timeout", 504, "timeout_error"],
    ["internal_error", 500, "api_error"],
  ])("%s: the gateway's status and message, typed as Anthropic types that status", (code, status, type) => {
    const result = answer(new GatewayError(code, `about ${code}`, { headers: { "retry-after": "3" } }));
    expect(result.status).toBe(status);
    expect(result.body).toEqual({ type: "error", error: { type, message: `about ${code}` } });
    expect(result.headers).toMatchObject({ "content-type": "application/json", "retry-after": "3" });
  });

  it("keeps an Anthropic upstream's own type, and types an OpenAI upstream's by status", () => {
    expect(answer(new UpstreamError(529, errorBody("Overloaded", "overloaded_error", "overloaded_error"))).body).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const openAI = answer(new UpstreamError(500, errorBody("boom upstream", "server_error", null), { retryAfterSeconds: 2 }));
    expect(openAI).toMatchObject({ status: 500, headers: { "retry-after": "2" }, body: { type: "error", error: { type: "api_error", message: "boom upstream" } } });
  });

  it("answers an unexpected error with a 500 api_error that names nothing of it, and reports it", () => {
    const seen: unknown[] = [];
    const response = anthropicErrorResponse(new Error("password=hunter2"), (error) => seen.push(error));
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("hunter2");
    expect(JSON.parse(response.body as string)).toEqual({ type: "error", error: { type: "api_error", message: "Internal error in the gateway; it has been logged." } });
    expect(seen).toHaveLength(1);
  });
});
