import { isDatabaseUnavailable } from "../db/unavailable";
import { jsonResponse, type GatewayResponse } from "./http";
import { UpstreamError } from "./providers/upstream-error";

/** Every failure the gateway reports itself, with its HTTP status and OpenAI error `type`. */
const errorKinds = {
  invalid_json: [400, "invalid_request_error"],
  invalid_request: [400, "invalid_request_error"],
  /** No deployment of the group has a context window for the request (enable_pre_call_checks). */
  context_length_exceeded: [400, "invalid_request_error"],
  missing_model: [400, "invalid_request_error"],
  unsupported_operation: [400, "invalid_request_error"],
  /** A configured guardrail (LiteLLM's content filter) refused the request or its answer. */
  guardrail_blocked: [400, "invalid_request_error"],
  /** A request tried to turn off a guardrail its key or the config puts on it. */
  guardrail_not_modifiable: [403, "permission_error"],
  /** Not valid HTTP/1.1 (framing, header syntax, no Host): refused by Node's parser before any route. */
  malformed_request: [400, "invalid_request_error"],
  /** Storing a credential needs SWITCHYARD_SALT_KEY to encrypt it with. */
  salt_key_missing: [400, "invalid_request_error"],
  /** A change that moves a credential's endpoint (api_base, ...) without sending its secret again. */
  credential_secret_required: [400, "invalid_request_error"],
  /** A stored credential's endpoint that is not http(s) or names an internal address (SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS). */
  credential_endpoint_refused: [400, "invalid_request_error"],
  /** `general_settings.store_model_in_db` is not true: the model API cannot store deployments. */
  store_model_in_db_disabled: [400, "invalid_request_error"],
  /** A config.yaml deployment: the file is its source of truth. */
  deployment_read_only: [409, "invalid_request_error"],
  missing_api_key: [401, "authentication_error"],
  invalid_api_key: [401, "authentication_error"],
  key_expired: [401, "authentication_error"],
  key_blocked: [401, "authentication_error"],
  invalid_token: [401, "authentication_error"],
  token_expired: [401, "authentication_error"],
  admin_required: [403, "permission_error"],
  origin_not_allowed: [403, "permission_error"],
  model_not_allowed: [403, "permission_error"],
  model_not_found: [404, "invalid_request_error"],
  not_found: [404, "invalid_request_error"],
  method_not_allowed: [405, "invalid_request_error"],
  conflict: [409, "invalid_request_error"],
  request_timeout: [408, "invalid_request_error"],
  request_too_large: [413, "invalid_request_error"],
  /** The client went away before its request body arrived (nginx's 499: nobody is left to read it). */
  client_closed: [499, "invalid_request_error"],
  expectation_failed: [417, "invalid_request_error"],
  headers_too_large: [431, "invalid_request_error"],
  invalid_cost_map: [422, "invalid_request_error"],
  cost_map_source_unavailable: [422, "invalid_request_error"],
  unsupported_media_type: [415, "invalid_request_error"],
  rate_limit_exceeded: [429, "rate_limit_error"],
  tpm_limit_exceeded: [429, "rate_limit_error"],
  budget_exceeded: [429, "budget_exceeded"],
  no_deployment_available: [503, "server_error"],
  /** The deployment names a stored credential that does not exist (deleted, or not created yet). */
  credential_missing: [503, "server_error"],
  /** The stored credential cannot be decrypted with the salt keys set, or lacks an api_base the provider needs. */
  credential_unusable: [503, "server_error"],
  upstream_unreachable: [502, "server_error"],
  upstream_timeout: [504, "server_error"],
  /** A moderation guardrail's API could not judge the text: refused rather than let through unchecked. */
  guardrail_unavailable: [502, "server_error"],
  database_unavailable: [503, "server_error"],
  internal_error: [500, "server_error"],
} as const satisfies Record<string, readonly [number, string]>;

export type GatewayErrorCode = keyof typeof errorKinds;

export interface GatewayErrorOptions {
  param?: string | null;
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The dashboard thread runs two bundles of this module: its gateway's (dist/) and the dashboard's
 * (.next/). An error thrown by one is not an instance of the other's class, so a mark shared
 * through the process-wide symbol registry tells them apart (see isGatewayError).
 */
const gatewayErrorMark = Symbol.for("switchyard.GatewayError");

export class GatewayError extends Error {
  readonly [gatewayErrorMark] = true;
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "GatewayError";
    [this.status, this.type] = errorKinds[code];
    this.param = options.param ?? null;
    this.headers = options.headers;
  }
}

/** A GatewayError from either bundle of this module. */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError || (error instanceof Error && (error as unknown as Record<symbol, unknown>)[gatewayErrorMark] === true);
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** The one place a thrown error becomes an HTTP answer. Unknown errors never leak their message. */
export function errorResponse(error: unknown, onUnexpected: (error: unknown) => void): GatewayResponse {
  if (error instanceof GatewayError) {
    return jsonResponse(error.status, errorBody(error.message, error.type, error.code, error.param), error.headers);
  }
  if (error instanceof UpstreamError) {
    // The upstream's own status and (OpenAI-shaped) message, so clients see what the provider said.
    const headers = error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
    return jsonResponse(error.status, error.body, headers);
  }
  if (isDatabaseUnavailable(error)) {
    return jsonResponse(503, errorBody("The gateway's database is unreachable right now; retry shortly", "server_error", "database_unavailable"), { "retry-after": "1" });
  }
  onUnexpected(error);
  return jsonResponse(500, errorBody("Internal error in the gateway; it has been logged.", "server_error", "internal_error"));
}
