import type { GatewayRequest, GatewayResponse } from "./http";
import { matchRoute } from "./routes";

/** A configured origin as browsers send it (`https://App.example.com:443/` is `https://app.example.com`). */
function normalisedOrigin(origin: string): string {
  try {
    const parsed = new URL(origin).origin;
    if (parsed !== "null") return parsed;
  } catch {
    // Not a URL: kept as written, so it matches nothing a browser sends.
  }
  return origin.replace(/\/+$/, "");
}

/** Browsers send Origin normalised, so an exact match compares scheme, host and port. */
export function corsOriginsOf(origins: readonly string[]): "*" | ReadonlySet<string> {
  return origins.includes("*") ? "*" : new Set(origins.map(normalisedOrigin));
}

/**
 * Browser apps (realtime) call the OpenAI routes directly; only they get CORS, never management.
 * The OpenAI routes are the table's `/v1` paths and their twins without the prefix (`openAI` in
 * routes.ts), so a twin is found by asking the table about its `/v1` form.
 */
export function isCorsPath(path: string): boolean {
  return path.startsWith("/v1/") || matchRoute("OPTIONS", `/v1${path}`) !== undefined;
}

function allowedOrigin(origins: "*" | ReadonlySet<string>, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (origins === "*") return "*";
  return origins.has(origin) ? origin : undefined;
}

/** The answer to a preflight, or undefined when the origin is not allowed (the browser then refuses). */
export function preflight(origins: "*" | ReadonlySet<string>, request: GatewayRequest): GatewayResponse | undefined {
  const origin = allowedOrigin(origins, request.header("origin"));
  if (!origin) return undefined;
  return {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers": request.header("access-control-request-headers") ?? "authorization, content-type",
      "access-control-max-age": "600",
      vary: "Origin",
    },
    body: null,
  };
}

/** CORS headers on an actual answer; `Location` is exposed so browsers can read the call id. */
export function withCors(origins: "*" | ReadonlySet<string>, request: GatewayRequest, response: GatewayResponse): GatewayResponse {
  const origin = allowedOrigin(origins, request.header("origin"));
  if (!origin) return response;
  response.headers["access-control-allow-origin"] = origin;
  response.headers["access-control-expose-headers"] = "Location, x-switchyard-request-id, x-switchyard-affinity";
  response.headers.vary = "Origin";
  return response;
}
