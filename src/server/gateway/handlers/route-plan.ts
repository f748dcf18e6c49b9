import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import type { Principal } from "../keys/principal";
import type { JsonObject } from "../providers/types";
import type { GatewayRequest } from "../http";
import type { RouteTarget } from "../routing/model-routes";
import { checkContextWindow, type WindowOf } from "../routing/context-window";
import { estimateTokensCheaply } from "../routing/estimate-tokens";
import { requestedFallbacks } from "../routing/fallbacks";
import { headerTags, requestTags, tagFilter, withoutTags, type DeploymentFilter } from "../routing/tag-filter";
import type { Lease, RouteHints } from "../routing/router";
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

/** What routing may read of the client's request besides its body. */
export interface RouteRequest {
  /** Size of the client's JSON body: pre-call checks tokenize only bodies larger than some context window. */
  bodyBytes: number;
  streamed: boolean;
  /** LiteLLM's `x-litellm-tags` header, comma separated. */
  tagsHeader?: string;
}

export type PlanRoute = (ctx: GatewayContext, body: JsonObject, target: RouteTarget, principal: Principal, request?: RouteRequest) => RoutePlan | Promise<RoutePlan>;

export function routeRequestOf(ctx: GatewayContext, request: GatewayRequest, text: string, streamed: boolean): RouteRequest {
  // Pre-call checks take the size as a bound on the tokens, which bytes are (a token is at least one byte).
  const bodyBytes = ctx.config.router.preCallChecks ? Buffer.byteLength(text) : text.length;
  return { bodyBytes, streamed, tagsHeader: request.header("x-litellm-tags") };
}

/** How each group tried picks its deployments: tags, pre-call checks and what the strategies read. */
export interface GroupSelection {
  tags?: readonly string[];
  hints: RouteHints;
  /** For pre-call checks (enable_pre_call_checks). */
  body?: JsonObject;
  bodyBytes?: number;
}

/** The router's load balancing and retries over the model's group, then any fallbacks (fallback-plan.ts). */
export const loadBalanced: PlanRoute = (ctx, body, target, principal, request) => {
  const requested = requestedFallbacks(body);
  const tags = routingTags(ctx, body, request?.tagsHeader);
  // Tags are routing information: a provider would refuse them as an unknown parameter.
  const sent = body.tags === undefined && (body.metadata as JsonObject | undefined)?.tags === undefined ? body : withoutTags(body);
  const hints: RouteHints = { inputTokens: () => estimateTokensCheaply(sent), streamed: request?.streamed === true };
  const preCallChecks = ctx.config.router.preCallChecks === true && request !== undefined;
  // Nearly every request: no fallbacks, tag filtering or pre-call checks anywhere, so nothing more than the router.
  if (requested === undefined && ctx.config.fallbacks === undefined && tags === undefined && !preCallChecks) {
    return { body: sent, run: (attempt) => ctx.router.run(target.group, attempt, undefined, hints) };
  }
  const selection: GroupSelection = { tags, hints, ...(preCallChecks && { body: sent, bodyBytes: request.bodyBytes }) };
  return fallbackPlan(ctx, sent, target, principal, requested, selection);
};

/** The request's tags (body, metadata and `x-litellm-tags`) when the config filters by them (`enable_tag_filtering`), else undefined. */
function routingTags(ctx: GatewayContext, body: JsonObject, tagsHeader: string | undefined): readonly string[] | undefined {
  if (!ctx.config.router.tagFiltering) return undefined;
  const fromBody = requestTags(body) ?? [];
  const fromHeader = headerTags(tagsHeader);
  return fromHeader.length === 0 ? fromBody : [...new Set([...fromBody, ...fromHeader])];
}

/** One group's load balancing and retries, over the deployments the request's tags and context window allow. */
export async function runInGroup<T>(ctx: GatewayContext, group: string, selection: GroupSelection, attempt: (lease: Lease) => Promise<T>): Promise<T> {
  const { tags, body, bodyBytes } = selection;
  const byTags = tags === undefined ? undefined : tagFilter(group, ctx.router.deploymentsOf(group), tags);
  if (body === undefined || bodyBytes === undefined) return ctx.router.run(group, attempt, byTags, selection.hints);
  const members = byTags ? ctx.router.deploymentsOf(group).filter(byTags) : ctx.router.deploymentsOf(group);
  const check = await checkContextWindow(group, members, contextWindowOf(ctx), body, bodyBytes);
  const hints = check.inputTokens === undefined ? selection.hints : { ...selection.hints, inputTokens: check.inputTokens };
  return ctx.router.run(group, attempt, both(byTags, check.eligible), hints);
}

/** `model_info.max_input_tokens`, else the active cost map's. */
function contextWindowOf(ctx: GatewayContext): WindowOf {
  const costMap = ctx.costMaps.active.current().map;
  return (deployment: Deployment) => deployment.maxInputTokens ?? costMap.priceForDeployment(deployment)?.maxInputTokens;
}

function both(first: DeploymentFilter | undefined, second: DeploymentFilter | undefined): DeploymentFilter | undefined {
  if (!first || !second) return first ?? second;
  return (deployment) => first(deployment) && second(deployment);
}
