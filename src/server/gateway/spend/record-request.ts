import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { computeCost } from "../pricing/compute-cost";
import type { Usage } from "../pricing/usage";
import type { Principal } from "../keys/principal";
import type { Operation } from "../providers/types";

export interface RequestOutcome {
  deployment?: Deployment;
  usage?: Usage;
  status: "success" | "failure";
  statusCode: number;
  errorMessage?: string;
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
    });
    const tokens = promptTokens + completionTokens;
    if (tokens > 0) {
      ctx.limits.recordTokens(principal, tokens, endTime);
      if (deployment) ctx.router.recordTokens(deployment.id, tokens);
    }
  } catch (error) {
    ctx.log.error({ err: error, requestId: record.requestId }, "could not record spend");
  }
}
