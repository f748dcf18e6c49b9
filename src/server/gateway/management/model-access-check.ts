import { z } from "zod";
import { decideListAccess, decideModelAccess, type AccessDecision } from "../access/model-access";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { parseBody } from "./parse-body";
import { findKeyOrThrow } from "./resolve-key";

const name = z.string().min(1).max(512);
const checkSchema = z.looseObject({
  model: name,
  key: name.optional(),
  models: z.array(name).max(1000).optional(),
  team_id: name.optional(),
});

/** A stored key (with its team), or a draft list of models with an optional team. */
function decide(ctx: GatewayContext, body: z.infer<typeof checkSchema>): AccessDecision {
  if (body.key) {
    const key = findKeyOrThrow(ctx.keys, body.key);
    return decideModelAccess({ kind: "key", key, team: key.teamId ? ctx.keys.findTeam(key.teamId) : undefined }, body.model, ctx.catalog);
  }
  const team = body.team_id === undefined ? undefined : ctx.keys.findTeam(body.team_id);
  if (body.team_id !== undefined && !team) throw new GatewayError("not_found", `No team "${body.team_id}"`, { param: "team_id" });
  return decideListAccess({ key: body.models ?? [], team: team?.models }, body.model, ctx.catalog);
}

/**
 * `POST /model_access/check {model, key} | {model, models?, team_id?}`: the rule tester. The same
 * policy as inference and /v1/models answers, with the rule that decided and where it would go.
 */
export async function checkModelAccess(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  const body = await parseBody(request, checkSchema, ctx.maxBodyBytes);
  const decision = decide(ctx, body);
  const allowedAs = decision.allowed ? decision.rules.at(-1)?.matchedName : undefined;
  const route = (allowedAs ? ctx.routes.resolve(allowedAs) : undefined) ?? ctx.routes.resolve(body.model);
  return jsonResponse(200, {
    model: body.model,
    allowed: decision.allowed,
    denied_by: decision.allowed ? null : decision.deniedBy,
    rules: decision.allowed ? decision.rules.map((rule) => ({ level: rule.level, entry: rule.entry, via: rule.via, matched_name: rule.matchedName ?? null })) : [],
    names: ctx.catalog.namesFor(body.model),
    route: route ? { model_group: route.group, model: route.wildcardMatch ?? body.model } : null,
    cost_map_version: ctx.costMaps.active.current().versionId,
  });
}
