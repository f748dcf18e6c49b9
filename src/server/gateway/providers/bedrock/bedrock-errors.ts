import { errorBody, type OpenAIErrorBody } from "../../errors";
import { isJsonObject } from "../anthropic-stream";

/** OpenAI's error `type` for an HTTP status Bedrock answered with. */
function typeOf(status: number): string {
  if (status === 429) return "rate_limit_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** Statuses of the exceptions a stream can end with (they arrive after a 200, in the stream itself). */
const streamExceptionStatus: Record<string, number> = {
  throttlingException: 429,
  validationException: 400,
  modelStreamErrorException: 424,
  modelTimeoutException: 408,
  internalServerException: 500,
  serviceUnavailableException: 503,
};

/** `ThrottlingException:http://internal.amazon.com/...` -> `ThrottlingException`. */
function exceptionName(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const name = value.split(":")[0].split("#").at(-1);
  return name === "" ? undefined : name;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === "string" && body.trim() !== "") return body.trim().slice(0, 500);
  if (!isJsonObject(body)) return undefined;
  const message = body.message ?? body.Message;
  return typeof message === "string" ? message : undefined;
}

/**
 * A Bedrock error answer (`{"message": ...}`, its exception named by the x-amzn-errortype header
 * or `__type`) in OpenAI's shape. The status is Bedrock's own (ThrottlingException 429,
 * ValidationException 400, AccessDenied and bad signatures 403, ServiceUnavailable 503), which is
 * what the router's retry and cooldown rules read.
 */
export function bedrockError(status: number, body: unknown, headers: Record<string, string | string[] | undefined> = {}): OpenAIErrorBody {
  const header = headers["x-amzn-errortype"];
  const name = exceptionName(Array.isArray(header) ? header[0] : header) ?? (isJsonObject(body) ? exceptionName(body.__type) : undefined);
  const message = messageOf(body) ?? `Bedrock answered ${status}`;
  return errorBody(name ? `Bedrock ${name}: ${message}` : `Bedrock: ${message}`, typeOf(status), name ?? null);
}

/** An exception that ended a stream (`{type, message}` from the decoder) as an OpenAI error payload. */
export function bedrockStreamError(exception: unknown): OpenAIErrorBody {
  const type = isJsonObject(exception) && typeof exception.type === "string" ? exception.type : "exception";
  const status = streamExceptionStatus[type] ?? 500;
  const name = type.charAt(0).toUpperCase() + type.slice(1);
  return errorBody(`Bedrock ${name}: ${messageOf(exception) ?? "the stream failed"}`, typeOf(status), name);
}

/** The same, as the error event of Anthropic's stream (the Messages door over InvokeModel). */
export function bedrockAnthropicStreamError(exception: unknown): string {
  const { error } = bedrockStreamError(exception);
  const type = error.type === "rate_limit_error" ? "rate_limit_error" : error.type === "invalid_request_error" ? "invalid_request_error" : "api_error";
  return JSON.stringify({ type: "error", error: { type, message: error.message } });
}
