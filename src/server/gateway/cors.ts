import type { GatewayRequest, GatewayResponse } from "./http";

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

/** Browser apps (realtime) call the OpenAI routes directly; only they get CORS, never management. */
export function isCorsPath(path: string): boolean {
  return path.startsWith("/v1/") || path.startsWith("/realtime/") || path === "/chat/completions" || path === "/responses" || path === "/models";
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
