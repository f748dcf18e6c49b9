import { randomUUID } from "node:crypto";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { addDuration } from "../keys/durations";
import { actorOf, type Principal } from "../keys/principal";
import { audit } from "../audit";
import { keyActorOf } from "../keys/key-authority";
import { guardrailMetadataOf } from "./key-guardrails";
import { newTeamSchema } from "./key-schemas";
import { parseBody } from "./parse-body";
import { keyView, teamView } from "./views";

export async function newTeam(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, newTeamSchema, ctx.maxBodyBytes);
  const teamId = body.team_id ?? randomUUID();
  if (await ctx.keys.findTeam(teamId)) throw new GatewayError("conflict", `team_id: team "${teamId}" already exists`, { param: "team_id" });
  const now = ctx.now();
  const row = await ctx.keys.insertTeam({
    teamId,
    teamAlias: body.team_alias ?? null,
    models: body.models ?? [],
    maxBudget: body.max_budget ?? null,
    budgetDuration: body.budget_duration ?? null,
    budgetResetAt: body.budget_duration ? new Date(addDuration(now, body.budget_duration)) : null,
    spend: 0,
    rpmLimit: body.rpm_limit ?? null,
    tpmLimit: body.tpm_limit ?? null,
    // A team's guardrails apply to its keys' requests: the same checks as a key's.
    metadata: guardrailMetadataOf(ctx, keyActorOf(principal).authority, body, undefined) ?? {},
    blocked: body.blocked ?? false,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  });
  await audit(ctx, { actor: actorOf(principal), teamId: row.teamId, action: "team.created", targetType: "team", targetId: row.teamId, details: { alias: row.teamAlias } });
  return jsonResponse(200, teamView(row));
}

export async function teamInfo(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  const teamId = request.query.get("team_id");
  if (!teamId) throw new GatewayError("invalid_request", "team_id: pass ?team_id=", { param: "team_id" });
  const team = await ctx.keys.findTeam(teamId);
  if (!team) throw new GatewayError("not_found", `No team "${teamId}"`, { param: "team_id" });
  return jsonResponse(200, { team_id: teamId, team_info: teamView(team), keys: (await ctx.keys.keysOfTeam(teamId)).map(keyView) });
}

export async function listTeams(ctx: GatewayContext): Promise<GatewayResponse> {
  return jsonResponse(200, (await ctx.keys.listTeams()).map(teamView));
}
