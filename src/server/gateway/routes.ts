import type { GatewayContext } from "./context";
import { planResponsesRoute } from "./affinity/plan-responses-route";
import { liveliness, readiness } from "./handlers/health";
import { modelHealth } from "./handlers/model-health";
import { createRealtimeCall } from "./handlers/realtime-calls";
import { createRealtimeClientSecret } from "./handlers/realtime-client-secret";
import { responseResource } from "./handlers/response-resource";
import { listModels } from "./handlers/list-models";
import { proxyOperation } from "./handlers/proxy-operation";
import { handleCountTokens } from "./messages/count-tokens";
import { handleMessages } from "./messages/handle-messages";
import { decodePathParam } from "./path-param";
import type { GatewayRequest, GatewayResponse } from "./http";
import type { Principal } from "./keys/principal";
import { deleteKeys, generateKey, keyInfo, regenerateKey, setKeyBlocked, updateKey } from "./management/keys";
import { checkModelAccess } from "./management/model-access-check";
import { createCredentialRoute, credentialByNameRoute, deleteCredentialRoute, listCredentialsRoute, updateCredentialRoute } from "./management/credentials";
import { modelInfo } from "./management/model-info";
import { deleteModelRoute, newModelRoute, patchModelRoute, updateModelRoute } from "./management/models";
import {
  applyCostMapRoute,
  cancelCostMapReloadRoute,
  costMapReloadStatusRoute,
  costMapSourceRoute,
  discardCostMapRoute,
  listCostMapVersions,
  previewCostMapRoute,
  reloadCostMapRoute,
  rollbackCostMapRoute,
  scheduleCostMapReloadRoute,
} from "./management/cost-map";
import { listSpendLogs } from "./management/spend-logs";
import { listTeams, newTeam, teamInfo } from "./management/teams";

type Answer = GatewayResponse | Promise<GatewayResponse>;
type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Public routes get no principal at all, so no handler can mistake "unauthenticated" for anyone. */
export type Route =
  | { method: Method; path: string | RegExp; auth: "none"; handle(ctx: GatewayContext, request: GatewayRequest): Answer }
  | {
      method: Method;
      path: string | RegExp;
      /** key: any valid key; admin: the master key or a key with `user_role: proxy_admin`. */
      auth: "key" | "admin";
      /** Errors in Anthropic's shape (`{type:"error",error:{type,message}}`), authentication's included; OpenAI's otherwise. */
      errors?: "anthropic";
      handle(ctx: GatewayContext, request: GatewayRequest, principal: Principal, params: string[]): Answer;
    };

type RouteAuth = "key" | "admin";
type AuthedHandle = Extract<Route, { auth: RouteAuth }>["handle"];

/** OpenAI paths answer with and without the `/v1` prefix, as LiteLLM's do. */
function openAI(method: Route["method"], path: string | RegExp, auth: RouteAuth, handle: AuthedHandle): Route[] {
  const withV1 = typeof path === "string" ? `/v1${path}` : new RegExp(`^\\/v1${path.source.slice(1)}`);
  return [
    { method, path: withV1, auth, handle },
    { method, path, auth, handle },
  ];
}

/** Anthropic's paths, where its SDKs (`/v1/messages`), clients given a bare base URL, and LiteLLM's users (`/anthropic/v1/...`) look. */
function anthropic(method: Route["method"], path: string, handle: AuthedHandle): Route[] {
  return [`/v1${path}`, path, `/anthropic/v1${path}`].map((full) => ({ method, path: full, auth: "key", errors: "anthropic", handle }));
}

export const routes: Route[] = [
  ...openAI("POST", "/chat/completions", "key", (ctx, request, principal) => proxyOperation(ctx, request, principal, "chat")),
  ...openAI("POST", "/responses", "key", (ctx, request, principal) => proxyOperation(ctx, request, principal, "responses", planResponsesRoute)),
  ...openAI("GET", /^\/responses\/([^/]+)$/, "key", (ctx, request, principal, [id]) => responseResource(ctx, request, principal, decodePathParam(id, "response_id"), "retrieve")),
  ...openAI("DELETE", /^\/responses\/([^/]+)$/, "key", (ctx, request, principal, [id]) => responseResource(ctx, request, principal, decodePathParam(id, "response_id"), "delete")),
  ...openAI("POST", /^\/responses\/([^/]+)\/cancel$/, "key", (ctx, request, principal, [id]) => responseResource(ctx, request, principal, decodePathParam(id, "response_id"), "cancel")),
  ...openAI("GET", /^\/responses\/([^/]+)\/input_items$/, "key", (ctx, request, principal, [id]) =>
    responseResource(ctx, request, principal, decodePathParam(id, "response_id"), "input_items"),
  ),
  ...openAI("POST", "/embeddings", "key", (ctx, request, principal) => proxyOperation(ctx, request, principal, "embeddings")),
  ...anthropic("POST", "/messages", (ctx, request, principal) => handleMessages(ctx, request, principal)),
  ...anthropic("POST", "/messages/count_tokens", (ctx, request, principal) => handleCountTokens(ctx, request, principal)),
  ...openAI("GET", "/models", "key", (ctx, _request, principal) => listModels(ctx, principal)),
  ...openAI("GET", "/model/info", "admin", (ctx, request) => modelInfo(ctx, request)),
  { method: "GET", path: "/v2/model/info", auth: "admin", handle: (ctx, request) => modelInfo(ctx, request) },
  { method: "POST", path: "/model/new", auth: "admin", handle: (ctx, request, principal) => newModelRoute(ctx, request, principal) },
  { method: "POST", path: "/model/update", auth: "admin", handle: (ctx, request, principal) => updateModelRoute(ctx, request, principal) },
  {
    method: "PATCH",
    path: /^\/model\/([^/]+)\/update$/,
    auth: "admin",
    handle: (ctx, request, principal, [id]) => patchModelRoute(ctx, request, principal, decodePathParam(id, "model_id")),
  },
  { method: "POST", path: "/model/delete", auth: "admin", handle: (ctx, request, principal) => deleteModelRoute(ctx, request, principal) },
  ...openAI("POST", "/realtime/client_secrets", "key", (ctx, request, principal) => createRealtimeClientSecret(ctx, request, principal)),
  // The realtime token is checked by the handler itself: it is not a key.
  { method: "POST", path: "/v1/realtime/calls", auth: "none", handle: (ctx, request) => createRealtimeCall(ctx, request) },
  { method: "POST", path: "/realtime/calls", auth: "none", handle: (ctx, request) => createRealtimeCall(ctx, request) },
  // LiteLLM's: every deployment checked with a real request (or the background checks' latest results); admin only, it costs calls.
  { method: "GET", path: "/health", auth: "admin", handle: (ctx, request) => modelHealth(ctx, request) },
  { method: "GET", path: "/health/liveliness", auth: "none", handle: () => liveliness() },
  { method: "GET", path: "/health/liveness", auth: "none", handle: () => liveliness() },
  { method: "GET", path: "/health/readiness", auth: "none", handle: (ctx) => readiness(ctx) },
  // Prometheus scrapes without credentials, as it does LiteLLM's; nothing secret is exported.
  { method: "GET", path: "/metrics", auth: "none", handle: async (ctx) => ({ status: 200, headers: { "content-type": ctx.metrics.contentType }, body: await ctx.metrics.render() }) },
  { method: "POST", path: "/key/generate", auth: "admin", handle: (ctx, request, principal) => generateKey(ctx, request, principal) },
  { method: "POST", path: "/key/update", auth: "admin", handle: (ctx, request, principal) => updateKey(ctx, request, principal) },
  { method: "GET", path: "/key/info", auth: "key", handle: (ctx, request, principal) => keyInfo(ctx, request, principal) },
  { method: "POST", path: "/key/delete", auth: "admin", handle: (ctx, request, principal) => deleteKeys(ctx, request, principal) },
  { method: "POST", path: "/key/regenerate", auth: "admin", handle: (ctx, request, principal) => regenerateKey(ctx, request, principal) },
  { method: "POST", path: /^\/key\/([^/]+)\/regenerate$/, auth: "admin", handle: (ctx, request, principal, [key]) => regenerateKey(ctx, request, principal, decodePathParam(key, "key")) },
  { method: "POST", path: "/key/block", auth: "admin", handle: (ctx, request, principal) => setKeyBlocked(ctx, request, principal, true) },
  { method: "POST", path: "/key/unblock", auth: "admin", handle: (ctx, request, principal) => setKeyBlocked(ctx, request, principal, false) },
  { method: "POST", path: "/team/new", auth: "admin", handle: (ctx, request, principal) => newTeam(ctx, request, principal) },
  { method: "GET", path: "/team/info", auth: "admin", handle: (ctx, request) => teamInfo(ctx, request) },
  { method: "GET", path: "/team/list", auth: "admin", handle: (ctx) => listTeams(ctx) },
  { method: "GET", path: "/spend/logs", auth: "admin", handle: (ctx, request) => listSpendLogs(ctx, request) },
  { method: "POST", path: "/cost_map/preview", auth: "admin", handle: (ctx, request, principal) => previewCostMapRoute(ctx, request, principal) },
  { method: "POST", path: "/cost_map/apply", auth: "admin", handle: (ctx, request, principal) => applyCostMapRoute(ctx, request, principal) },
  { method: "POST", path: "/cost_map/discard", auth: "admin", handle: (ctx, request, principal) => discardCostMapRoute(ctx, request, principal) },
  { method: "POST", path: "/cost_map/rollback", auth: "admin", handle: (ctx, request, principal) => rollbackCostMapRoute(ctx, request, principal) },
  { method: "GET", path: "/cost_map/versions", auth: "admin", handle: (ctx) => listCostMapVersions(ctx) },
  { method: "POST", path: "/reload/model_cost_map", auth: "admin", handle: (ctx, request, principal) => reloadCostMapRoute(ctx, request, principal) },
  { method: "POST", path: "/schedule/model_cost_map_reload", auth: "admin", handle: (ctx, request, principal) => scheduleCostMapReloadRoute(ctx, request, principal) },
  { method: "DELETE", path: "/schedule/model_cost_map_reload", auth: "admin", handle: (ctx, request, principal) => cancelCostMapReloadRoute(ctx, request, principal) },
  { method: "GET", path: "/schedule/model_cost_map_reload/status", auth: "admin", handle: (ctx) => costMapReloadStatusRoute(ctx) },
  { method: "GET", path: "/model/cost_map/source", auth: "admin", handle: (ctx) => costMapSourceRoute(ctx) },
  { method: "POST", path: "/model_access/check", auth: "admin", handle: (ctx, request) => checkModelAccess(ctx, request) },
  { method: "POST", path: "/credentials", auth: "admin", handle: (ctx, request, principal) => createCredentialRoute(ctx, request, principal) },
  { method: "GET", path: "/credentials", auth: "admin", handle: (ctx) => listCredentialsRoute(ctx) },
  {
    method: "GET",
    path: /^\/credentials\/by_name\/([^/]+)$/,
    auth: "admin",
    handle: (ctx, _request, _principal, [name]) => credentialByNameRoute(ctx, decodePathParam(name, "credential_name")),
  },
  {
    method: "PATCH",
    path: /^\/credentials\/([^/]+)$/,
    auth: "admin",
    handle: (ctx, request, principal, [name]) => updateCredentialRoute(ctx, request, principal, decodePathParam(name, "credential_name")),
  },
  {
    method: "POST",
    path: /^\/credentials\/([^/]+)$/,
    auth: "admin",
    handle: (ctx, request, principal, [name]) => updateCredentialRoute(ctx, request, principal, decodePathParam(name, "credential_name")),
  },
  {
    method: "DELETE",
    path: /^\/credentials\/([^/]+)$/,
    auth: "admin",
    handle: (ctx, _request, principal, [name]) => deleteCredentialRoute(ctx, principal, decodePathParam(name, "credential_name")),
  },
];

/** Not the method's route: which methods the path has, and the error shape its routes answer in. */
export type RouteMatch = { route: Route; params: string[] } | { allowed: string[]; errors?: "anthropic" } | undefined;

export function errorsOf(route: Route): "anthropic" | undefined {
  return route.auth === "none" ? undefined : route.errors;
}

/** Exact paths in a map, built once: a request costs one look-up, not a scan of the table. */
const exactRoutes = new Map<string, Route[]>();
const patternRoutes: Route[] = [];
for (const route of routes) {
  if (typeof route.path === "string") exactRoutes.set(route.path, [...(exactRoutes.get(route.path) ?? []), route]);
  else patternRoutes.push(route);
}

export function matchRoute(method: string, path: string): RouteMatch {
  const exact = exactRoutes.get(path);
  if (exact) {
    const route = exact.find((candidate) => candidate.method === method);
    return route ? { route, params: [] } : { allowed: exact.map((candidate) => candidate.method), errors: errorsOf(exact[0]) };
  }
  const allowed: string[] = [];
  for (const route of patternRoutes) {
    let params: string[] | undefined;
    if (typeof route.path === "string") params = route.path === path ? [] : undefined;
    else params = route.path.exec(path)?.slice(1);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
