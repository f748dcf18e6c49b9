import type { GatewayRequest, GatewayResponse } from "./http";

export function corsOriginsOf(origins: readonly string[]): "*" | ReadonlySet<string> {
  return origins.includes("*") ? "*" : new Set(origins.map((origin) => origin.replace(/\/+$/, "")));
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
