import type { Deployment } from "../../config/types";
import type { FinishedRequest } from "../observability/request-observer";
import type { GatewayContext } from "../context";
import { computeCost } from "../pricing/compute-cost";
import type { Usage } from "../pricing/usage";
import type { Principal } from "../keys/principal";
import type { JsonObject, Operation } from "../providers/types";
import { attemptedFallbacksHeader } from "../handlers/fallback-plan";

export interface RequestOutcome {
  deployment?: Deployment;
  usage?: Usage;
  status: "success" | "failure";
  statusCode: number;
  errorMessage?: string;
  /** For callbacks: a short name of the failure (error.type). */
  errorType?: string;
  /** For callbacks: the whole answer the client got (not for streams). */
  answer?: unknown;
}

/** What a spend row is for: an OpenAI operation, or a step of a realtime session. */
export type CallType = Operation | "realtime.client_secret" | "realtime.call" | "realtime.response";

/** One request's bookkeeping: which key and team, what it asked for, and when it started. */
export interface RequestRecord {
  requestId: string;
  principal: Principal;
  operation: CallType;
  model: string;
  startTime: number;
  /** For callbacks: the body as the client sent it, then as it went to the deployment. */
  body?: JsonObject;
  streamed?: boolean;
  /** For callbacks and the request logs: the route plan's answer headers (affinity, attempted fallbacks), read when the request ends. */
  routeHeaders?: Record<string, string>;
  /** The request's tags (body, metadata and x-litellm-tags), for the request logs and usage by tag. */
  tags?: readonly string[];
}

/**
 * Prices the request and hands its spend row to the batch writer; also feeds the tpm windows.
 * Never throws: accounting must not turn a served request into an error.
 */
export function recordRequest(ctx: GatewayContext, record: RequestRecord, outcome: RequestOutcome): void {
  try {
    const { deployment, usage } = outcome;
    const costMap = ctx.costMaps.active.current();
    const cost = usage && deployment ? computeCost(usage, costMap.map.priceForDeployment(deployment), deployment.priceOverride) : undefined;
    const promptTokens = usage?.promptTokens ?? 0;
    const completionTokens = usage?.completionTokens ?? 0;
    const endTime = ctx.now();
    const principal = record.principal;
    ctx.spend.record({
      requestId: record.requestId,
      apiKey: principal.kind === "key" ? principal.key.token : null,
      teamId: principal.kind === "key" ? principal.key.teamId : null,
      callType: record.operation,
      model: record.model,
      modelGroup: deployment?.modelGroup ?? null,
      modelId: deployment?.id ?? null,
      provider: deployment?.providerPrefix ?? null,
      spend: cost ?? 0,
      unpriced: outcome.status === "success" && usage !== undefined && cost === undefined,
      costMapVersion: costMap.versionId,
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
      startTime: new Date(record.startTime),
      endTime: new Date(endTime),
      status: outcome.status,
      statusCode: outcome.statusCode,
      errorMessage: outcome.errorMessage?.slice(0, 1000) ?? null,
      userId: principal.kind === "key" ? principal.key.userId : null,
      cachedTokens: usage?.cachedTokens ?? 0,
      cacheWriteTokens: usage?.cacheCreationTokens ?? 0,
      reasoningTokens: usage?.reasoningTokens ?? 0,
      affinity: record.routeHeaders?.["x-switchyard-affinity"] ?? null,
      attemptedFallbacks: fallbacksOf(record.routeHeaders),
      tags: record.tags && record.tags.length > 0 ? JSON.stringify(record.tags.slice(0, 20).map((tag) => tag.slice(0, 100))) : null,
    });
    const tokens = promptTokens + completionTokens;
    if (tokens > 0) {
      ctx.limits.recordTokens(principal, tokens, endTime);
      if (deployment) ctx.router.recordTokens(deployment.id, tokens);
    }
    if (ctx.observers.active) ctx.observers.finished(finishedRequest(record, outcome, cost, endTime));
  } catch (error) {
    ctx.log.error({ err: error, requestId: record.requestId }, "could not record spend");
  }
}

function fallbacksOf(routeHeaders: Record<string, string> | undefined): number {
  const count = Number(routeHeaders?.[attemptedFallbacksHeader] ?? 0);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** What callbacks hear of a request: the record and outcome as they are, nothing recomputed. */
function finishedRequest(record: RequestRecord, outcome: RequestOutcome, cost: number | undefined, endTime: number): FinishedRequest {
  const { principal, routeHeaders } = record;
  const key = principal.kind === "key" ? principal.key : undefined;
  const fallbacks = routeHeaders?.[attemptedFallbacksHeader];
  return {
    requestId: record.requestId,
    operation: record.operation,
    model: record.model,
    deployment: outcome.deployment,
    usage: outcome.usage,
    cost,
    status: outcome.status,
    statusCode: outcome.statusCode,
    errorType: outcome.errorType,
    errorMessage: outcome.errorMessage,
    startTime: record.startTime,
    endTime,
    streamed: record.streamed === true,
    affinity: routeHeaders?.["x-switchyard-affinity"],
    attemptedFallbacks: fallbacks === undefined ? 0 : Number(fallbacks),
    teamId: key?.teamId ?? undefined,
    keyAlias: key?.keyAlias ?? undefined,
    keyHash: key?.token,
    body: record.body,
    answer: outcome.answer,
  };
}
