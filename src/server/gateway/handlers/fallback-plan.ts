import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { GatewayError, isGatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import type { JsonObject } from "../providers/types";
import { fallbackKindOf, fallbacksFor } from "../routing/fallbacks";
import type { RouteTarget } from "../routing/model-routes";
import type { Lease } from "../routing/router";
import { forTarget } from "./proxy-steps";
import { runInGroup, type GroupSelection, type RoutePlan } from "./route-plan";

/** LiteLLM's header: how many fallbacks a request tried (absent: none). */
export const attemptedFallbacksHeader = "x-litellm-attempted-fallbacks";

/**
 * Load balancing over the model's group, then, when the group failed in a way another model may
 * not (fallbacks.ts), the fallbacks in order, each with its own group's retries: those the
 * request named, else the config's. Only models the key may use are tried; one the request names
 * that the key may not use is refused before anything is sent. Pinned plans (affinity) never
 * come here: state one account wrote cannot be read by another.
 */
export function fallbackPlan(
  ctx: GatewayContext,
  body: JsonObject,
  target: RouteTarget,
  principal: Principal,
  requested: readonly string[] | undefined,
  selection: GroupSelection = { hints: {} },
): RoutePlan {
  const named = requested?.map((name) => allowedTarget(ctx, principal, name));
  const headers: Record<string, string> = {};
  // LiteLLM takes `fallbacks` out of the body; the provider must not see it.
  const sent = requested === undefined ? body : withoutFallbacks(body);

  return {
    body: sent,
    headers,
    async run(attempt) {
      try {
        return await runInGroup(ctx, target.group, selection, attempt);
      } catch (error) {
        const kind = fallbackKindOf(error);
        if (kind === undefined) throw error;
        const chain = named ?? configuredTargets(ctx, principal, fallbacksFor(ctx.config.fallbacks, target.group, kind));
        let last = error;
        let attempted = 0;
        for (const next of chain) {
          if (next.group === target.group) continue;
          headers[attemptedFallbacksHeader] = String(++attempted);
          try {
            return await runInGroup(ctx, next.group, selection, (lease) => attempt(leaseFor(ctx, lease, next)));
          } catch (fallbackError) {
            if (fallbackKindOf(fallbackError) === undefined) throw fallbackError;
            last = fallbackError;
          }
        }
        throw last;
      }
    },
  };
}

function allowedTarget(ctx: GatewayContext, principal: Principal, name: string): RouteTarget {
  try {
    return authorizeModel(principal, name, ctx.catalog, (model, provider) => ctx.routes.resolve(model, provider));
  } catch (error) {
    if (isGatewayError(error)) throw new GatewayError(error.code, `'fallbacks': ${error.message}`, { param: "fallbacks" });
    throw error;
  }
}

/** The config's fallbacks this key may use; the others are skipped, as for a model the key could not ask for. */
function configuredTargets(ctx: GatewayContext, principal: Principal, names: readonly string[]): RouteTarget[] {
  return names.flatMap((name) => {
    try {
      return [authorizeModel(principal, name, ctx.catalog, (model, provider) => ctx.routes.resolve(model, provider))];
    } catch {
      return [];
    }
  });
}

/** A fallback group's lease, its deployment already serving the fallback's model (for a wildcard group). */
function leaseFor(ctx: GatewayContext, lease: Lease, target: RouteTarget): Lease {
  return { deployment: forTarget(ctx, lease.deployment, target), startedAt: lease.startedAt, release: () => lease.release() };
}

function withoutFallbacks(body: JsonObject): JsonObject {
  const { fallbacks: _dropped, ...rest } = body;
  return rest;
}
