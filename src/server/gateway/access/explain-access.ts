import type { TeamRow, VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../context";
import { decideListAccess, decideModelAccess, providerAllowedAs, type AccessDecision } from "./model-access";

/** Whose access to explain: a stored key (with its team), or a draft key list under an optional team. */
export type AccessSubject = { kind: "key"; key: VirtualKeyRow } | { kind: "draft"; models: readonly string[]; team: TeamRow | undefined };

export interface AccessExplanation {
  model: string;
  decision: AccessDecision;
  /** The names the model goes by, which patterns are matched against. */
  names: readonly string[];
  /** Where an allowed request would go; for a refused one, where it would have gone. */
  route: { modelGroup: string; model: string } | undefined;
  costMapVersion: number;
}

/**
 * The rule testers' answer (the HTTP `/model_access/check` and the dashboard's): the same policy
 * and route resolution inference uses, with the rule that decided.
 */
export async function explainModelAccess(ctx: Pick<GatewayContext, "keys" | "catalog" | "routes" | "costMaps">, subject: AccessSubject, model: string): Promise<AccessExplanation> {
  const costMapVersion = ctx.costMaps.active.current().versionId;
  const decision =
    subject.kind === "key"
      ? decideModelAccess({ kind: "key", key: subject.key, team: subject.key.teamId ? await ctx.keys.findTeam(subject.key.teamId) : undefined }, model, ctx.catalog)
      : decideListAccess({ key: subject.models, team: subject.team?.models }, model, ctx.catalog);
  // As inference does: a name a pattern allowed (`anthropic/claude-…`) is routed first.
  const allowedAs = decision.allowed ? decision.rules.at(-1)?.matchedName : undefined;
  const route = (allowedAs !== undefined ? ctx.routes.resolve(allowedAs) : undefined) ?? ctx.routes.resolve(model, providerAllowedAs(model, allowedAs));
  return {
    model,
    decision,
    names: ctx.catalog.namesFor(model),
    route: route ? { modelGroup: route.group, model: route.wildcardMatch ?? model } : undefined,
    costMapVersion,
  };
}
