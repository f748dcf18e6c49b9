import { z } from "zod";
import { explainModelAccess, type AccessSubject } from "../access/explain-access";
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
async function subjectOf(ctx: GatewayContext, body: z.infer<typeof checkSchema>): Promise<AccessSubject> {
  if (body.key) return { kind: "key", key: await findKeyOrThrow(ctx.keys, body.key) };
  const team = body.team_id === undefined ? undefined : await ctx.keys.findTeam(body.team_id);
  if (body.team_id !== undefined && !team) throw new GatewayError("not_found", `No team "${body.team_id}"`, { param: "team_id" });
  return { kind: "draft", models: body.models ?? [], team };
}

/**
 * `POST /model_access/check {model, key} | {model, models?, team_id?}`: the rule tester. The same
 * policy as inference and /v1/models answers, with the rule that decided and where it would go.
 */
export async function checkModelAccess(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  const body = await parseBody(request, checkSchema, ctx.maxBodyBytes);
  const { decision, names, route, costMapVersion } = await explainModelAccess(ctx, await subjectOf(ctx, body), body.model);
  return jsonResponse(200, {
    model: body.model,
    allowed: decision.allowed,
    denied_by: decision.allowed ? null : decision.deniedBy,
    rules: decision.allowed
      ? decision.rules.map((rule) => ({ level: rule.level, entry: rule.entry, via: rule.via, matched_name: rule.matchedName ?? null, alias_group: rule.aliasGroup ?? null }))
      : [],
    names,
    route: route ? { model_group: route.modelGroup, model: route.model } : null,
    cost_map_version: costMapVersion,
  });
}
