import { errorBody, type OpenAIErrorBody } from "../../errors";
import { isJsonObject } from "../anthropic-stream";

/** Google's canonical status names, as the HTTP status and OpenAI error type a client expects. */
const statuses: Record<string, { status: number; type: string }> = {
  INVALID_ARGUMENT: { status: 400, type: "invalid_request_error" },
  FAILED_PRECONDITION: { status: 400, type: "invalid_request_error" },
  OUT_OF_RANGE: { status: 400, type: "invalid_request_error" },
  UNAUTHENTICATED: { status: 401, type: "authentication_error" },
  PERMISSION_DENIED: { status: 403, type: "permission_error" },
  NOT_FOUND: { status: 404, type: "not_found_error" },
  RESOURCE_EXHAUSTED: { status: 429, type: "rate_limit_error" },
  CANCELLED: { status: 499, type: "api_error" },
  INTERNAL: { status: 500, type: "api_error" },
  UNAVAILABLE: { status: 503, type: "api_error" },
  DEADLINE_EXCEEDED: { status: 504, type: "timeout" },
};

/** The HTTP status a Google status name stands for (a stream's error event has no status of its own). */
export function httpStatusOf(googleStatus: string | undefined, fallback: number): number {
  return (googleStatus !== undefined && statuses[googleStatus]?.status) || fallback;
}

/** `{"error":{"code","message","status"}}`, or that in a one-element array (streamed calls), as JSON text or parsed. */
export function readGoogleError(body: unknown): { code?: number; message: string; status?: string } | undefined {
  let parsed = body;
  if (typeof parsed === "string") {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(parsed) && parsed.length === 1) parsed = parsed[0];
  if (!isJsonObject(parsed) || !isJsonObject(parsed.error) || typeof parsed.error.message !== "string") return undefined;
  const { code, message, status } = parsed.error;
  return { code: typeof code === "number" ? code : undefined, message, status: typeof status === "string" ? status : undefined };
}

/** Google's error as OpenAI's: its message, a type from its status name, and that name as the code. */
export function toOpenAIError(httpStatus: number, body: unknown): OpenAIErrorBody | undefined {
  const error = readGoogleError(body);
  if (!error) return undefined;
  const known = error.status !== undefined ? statuses[error.status] : undefined;
  const type = known?.type ?? (httpStatus === 429 ? "rate_limit_error" : httpStatus >= 500 ? "api_error" : "invalid_request_error");
  return errorBody(error.message, type, error.status?.toLowerCase() ?? String(error.code ?? httpStatus));
}
