import { audit } from "../../gateway/record-audit";
import { teamOrThrow, type RulesContext } from "./rules-context";

/** Through the key store, so the gateway's cache serves the new list from the next request on. */
export async function setTeamModels(ctx: RulesContext, input: { models: string[] }) {
  const before = await teamOrThrow(ctx);
  const team = (await ctx.gateway.keys.updateTeam(ctx.teamId, { models: input.models }))!;
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: ctx.teamId,
    action: "rule.team_models_updated",
    targetType: "team",
    targetId: ctx.teamId,
    details: { old: before.models, new: team.models },
  });
  return { teamId: team.teamId, alias: team.teamAlias, models: team.models };
}
