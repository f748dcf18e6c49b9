import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import type { Principal } from "../keys/principal";
import type { JsonObject } from "../providers/types";
import type { RouteTarget } from "../routing/model-routes";
import { requestedFallbacks } from "../routing/fallbacks";
import { requestTags, tagFilter, withoutTags } from "../routing/tag-filter";
import type { Lease } from "../routing/router";
import { fallbackPlan } from "./fallback-plan";

/**
 * Sees an OpenAI-shaped answer before the client does: a whole JSON body, or each stream payload.
 * A returned promise holds the answer (or that payload) back until it settles.
 */
export interface AnswerObserver {
  json?(body: unknown): void | Promise<void>;
  payload?(data: string): void | Promise<void>;
  /** The stream ended (for any reason); write whatever is still held. */
  end?(): void | Promise<void>;
}

/**
 * How one request is routed: the body to send, how deployments are chosen (by default the
 * router with load balancing and retries), extra response headers, and who watches the answer.
 */
export interface RoutePlan {
  body: JsonObject;
  headers?: Record<string, string>;
  run<T>(attempt: (lease: Lease) => Promise<T>): Promise<T>;
  observe?(deployment: Deployment): AnswerObserver;
}

export type PlanRoute = (ctx: GatewayContext, body: JsonObject, target: RouteTarget, principal: Principal) => RoutePlan | Promise<RoutePlan>;

/** The router's load balancing and retries over the model's group, then any fallbacks (fallback-plan.ts). */
export const loadBalanced: PlanRoute = (ctx, body, target, principal) => {
  const requested = requestedFallbacks(body);
  const tags = routingTags(ctx, body);
  // Tags are routing information: a provider would refuse them as an unknown parameter.
  const sent = body.tags === undefined && (body.metadata as JsonObject | undefined)?.tags === undefined ? body : withoutTags(body);
  // Nearly every request: no fallbacks or tag filtering anywhere, so nothing more than the router.
  if (requested === undefined && ctx.config.fallbacks === undefined && tags === undefined) return { body: sent, run: (attempt) => ctx.router.run(target.group, attempt) };
  return fallbackPlan(ctx, sent, target, principal, requested, tags);
};

/** The request's tags when the config filters by them (`enable_tag_filtering`), else undefined. */
function routingTags(ctx: GatewayContext, body: JsonObject): readonly string[] | undefined {
  if (!ctx.config.router.tagFiltering) return undefined;
  return requestTags(body) ?? [];
}

/** One group's load balancing and retries, over the deployments the request's tags allow. */
export function runInGroup<T>(ctx: GatewayContext, group: string, tags: readonly string[] | undefined, attempt: (lease: Lease) => Promise<T>): Promise<T> {
  const eligible = tags === undefined ? undefined : tagFilter(group, ctx.router.deploymentsOf(group), tags);
  return ctx.router.run(group, attempt, eligible);
}
