import type { OpenAIErrorBody } from "../errors";

/**
 * A failed upstream call, as data. The router decides retries from `isRetryable` alone:
 * connection errors, timeouts, 408, 409, 429 and 5xx are worth another deployment.
 */
export class UpstreamError extends Error {
  readonly isRetryable: boolean;
  /** The gateway gave up waiting (a configured timeout), rather than the upstream answering an error. */
  readonly isTimeout: boolean;

  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
    options: { isRetryable?: boolean; retryAfterSeconds?: number; cause?: unknown; timeout?: boolean } = {},
  ) {
    super(body.error.message, { cause: options.cause });
    this.name = "UpstreamError";
    this.isRetryable = options.isRetryable ?? isRetryableStatus(status);
    this.isTimeout = options.timeout === true;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  readonly retryAfterSeconds?: number;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Reads an upstream error body leniently: OpenAI's shape, a bare message, or plain text. */
export function parseUpstreamErrorBody(status: number, text: string): OpenAIErrorBody {
  const fallbackType = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const message = text.trim().slice(0, 500) || `Upstream answered ${status} with an empty body`;
    return { error: { message, type: fallbackType, param: null, code: null } };
  }
  if (typeof parsed === "string" && parsed.trim() !== "") {
    return { error: { message: parsed.slice(0, 500), type: fallbackType, param: null, code: null } };
  }
  const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const inner = typeof record.error === "object" && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const message = typeof inner.message === "string" ? inner.message : typeof record.error === "string" ? record.error : `Upstream answered ${status}`;
  return {
    error: {
      message,
      type: typeof inner.type === "string" ? inner.type : fallbackType,
      param: typeof inner.param === "string" ? inner.param : null,
      code: typeof inner.code === "string" || typeof inner.code === "number" ? String(inner.code) : null,
    },
  };
}
