import type { GatewayContext } from "./context";
import { isCorsPath, preflight, withCors } from "./cors";
import { GatewayError, errorResponse } from "./errors";
import type { GatewayRequest, GatewayResponse } from "./http";
import { authenticate } from "./keys/authenticate";
import { isAdmin } from "./keys/principal";
import { anthropicErrorResponse } from "./messages/anthropic-errors";
import { errorsOf, matchRoute } from "./routes";
import { confirmationHeaders } from "./fleet/change-confirmations";

/**
 * The gateway's front door: route -> authenticate -> handler, and every error answered in one
 * place. Every answer says how long the gateway itself took (`x-switchyard-overhead-duration-ms`,
 * upstream waits excluded) and is counted in the metrics.
 */
export async function handleRequest(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  ctx.metrics.requestStarted();
  const label = { route: "unmatched" };
  let response: GatewayResponse;
  try {
    response = await corsAnswer(ctx, request, label);
  } catch (error) {
    ctx.metrics.requestEnded();
    throw error;
  }
  const { timing } = request;
  const overheadMs = timing.overheadMs();
  response.headers["x-switchyard-overhead-duration-ms"] = overheadMs.toFixed(3);
  ctx.metrics.observe(label.route, response.status, overheadMs, timing.upstreamMs);
  if (response.body === null || typeof response.body === "string" || response.body instanceof Uint8Array) {
    ctx.metrics.requestEnded();
    return response;
  }
  return { ...response, body: new UntilEnd(response.body, () => ctx.metrics.requestEnded()) };
}

/**
 * The same stream, calling `done` once when it ends, breaks or is abandoned. Not an async
 * generator: one closed before its first `next` skips its own cleanup and never tells the body
 * it wraps, so a client gone before the first chunk kept the deployment's lease, lost its spend
 * row and stayed in flight. This hands `return` on whenever it comes. A class rather than an
 * object literal, whose computed `[Symbol.asyncIterator]` key costs about half a microsecond.
 */
class UntilEnd<T> implements AsyncIterableIterator<T> {
  private readonly inner: AsyncIterator<T>;
  private ended = false;

  constructor(
    body: AsyncIterable<T>,
    private readonly done: () => void,
  ) {
    this.inner = body[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    return this.inner.next().then(
      (result) => {
        if (result.done) this.end();
        return result;
      },
      (error: unknown) => {
        this.end();
        throw error;
      },
    );
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    try {
      return (await this.inner.return?.(value)) ?? { done: true, value: undefined };
    } finally {
      this.end();
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.done();
  }
}

async function corsAnswer(ctx: GatewayContext, request: GatewayRequest, label: { route: string }): Promise<GatewayResponse> {
  if (!isCorsPath(request.path)) return answer(ctx, request, label);
  if (request.method === "OPTIONS") {
    const refused = new GatewayError("origin_not_allowed", "This origin may not call the gateway from a browser; see general_settings.allowed_origins");
    const match = matchRoute("OPTIONS", request.path);
    const anthropic = match !== undefined && "allowed" in match && match.errors === "anthropic";
    return preflight(ctx.corsOrigins, request) ?? (anthropic ? anthropicErrorResponse(refused, () => {}) : errorResponse(refused, () => {}));
  }
  return withCors(ctx.corsOrigins, request, await answer(ctx, request, label));
}

async function answer(ctx: GatewayContext, request: GatewayRequest, label: { route: string }): Promise<GatewayResponse> {
  let errorShape: "openai" | "anthropic" = "openai";
  try {
    const match = matchRoute(request.method, request.path);
    if (!match) throw new GatewayError("not_found", `Unknown route: ${request.method} ${request.path}`);
    if (!("route" in match)) {
      errorShape = match.errors ?? errorShape;
      throw new GatewayError("method_not_allowed", `${request.method} is not allowed on ${request.path}; use ${match.allowed.join(", ")}`, {
        headers: { allow: match.allowed.join(", ") },
      });
    }
    const { route, params } = match;
    label.route = typeof route.path === "string" ? route.path : route.path.source;
    if (route.auth === "none") return await route.handle(ctx, request);
    errorShape = errorsOf(route) ?? errorShape;
    // A cost map another instance just activated is being loaded: no request prices with the old one meanwhile.
    const switching = ctx.costMaps.active.switched();
    if (switching) await switching;
    const principal = await authenticate(request, ctx.keys, ctx.config.masterKey, ctx.now());
    if (route.auth === "admin" && !isAdmin(principal)) {
      throw new GatewayError("admin_required", "This route needs the master key or an admin key");
    }
    if (route.auth === "admin" && request.method !== "GET") return await answeredOnceConfirmed(ctx, () => route.handle(ctx, request, principal, params));
    return await route.handle(ctx, request, principal, params);
  } catch (error) {
    const onUnexpected = (unexpected: unknown) => ctx.log.error({ err: unexpected, path: request.path }, "unexpected error");
    return errorShape === "anthropic" ? anthropicErrorResponse(error, onUnexpected) : errorResponse(error, onUnexpected);
  }
}

/**
 * A management call that changed something answers once every live instance has applied the
 * change (or the wait is over), with headers naming any that did not confirm: a script that
 * changes something here and then calls another instance never sees the old state.
 */
async function answeredOnceConfirmed(ctx: GatewayContext, handle: () => GatewayResponse | Promise<GatewayResponse>): Promise<GatewayResponse> {
  const { value: response, confirmations } = await ctx.fleet.confirmations.track(async () => handle());
  if (confirmations.unconfirmed.length > 0) {
    ctx.log.warn({ path: "management", unconfirmed: confirmations.unconfirmed }, "a change was answered before every instance confirmed it");
  }
  Object.assign(response.headers, confirmationHeaders(confirmations));
  return response;
}
