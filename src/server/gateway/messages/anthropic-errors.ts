import { errorResponse } from "../errors";
import type { GatewayResponse } from "../http";
import { UpstreamError } from "../providers/upstream-error";

/** The error types Anthropic's API answers with; its SDKs and Claude Code read them (and the status). */
const anthropicTypes = new Set([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
  "overloaded_error",
  "timeout_error",
]);

/** The Anthropic type for a status, where the error did not come from Anthropic with its own. */
function typeForStatus(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit_error";
  if (status === 503 || status === 529) return "overloaded_error";
  // 408: an upstream call outlived its timeout (LiteLLM's Timeout).
  if (status === 504 || status === 408) return "timeout_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
}

export function anthropicErrorBody(status: number, message: string, type?: string): AnthropicErrorBody {
  return { type: "error", error: { type: type !== undefined && anthropicTypes.has(type) ? type : typeForStatus(status), message } };
}

/**
 * A thrown error as the Messages door answers it: errorResponse decides the status, message and
 * headers (and that an unexpected error never leaks its cause) for both doors alike; this only
 * reshapes the body to `{type:"error",error:{type,message}}`. The gateway's own errors are typed
 * by their status (its OpenAI vocabulary says invalid_request_error for a 404, too); an error
 * from the upstream keeps an Anthropic type it came with (`overloaded_error` with 529, say).
 */
export function anthropicErrorResponse(error: unknown, onUnexpected: (error: unknown) => void): GatewayResponse {
  const response = errorResponse(error, onUnexpected);
  const upstreamType = error instanceof UpstreamError ? error.body.error.type : undefined;
  let message = "Internal error in the gateway; it has been logged.";
  if (typeof response.body === "string") {
    try {
      const parsed = JSON.parse(response.body) as { error?: { message?: unknown } };
      if (typeof parsed.error?.message === "string") message = parsed.error.message;
    } catch {
      // errorResponse always answers JSON; the generic message stands otherwise.
    }
  }
  return { status: response.status, headers: response.headers, body: JSON.stringify(anthropicErrorBody(response.status, message, upstreamType)) };
}
