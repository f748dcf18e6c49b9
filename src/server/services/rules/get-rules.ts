import { keyRules, teamOrThrow, type RulesContext } from "./rules-context";

/** The team's allow-list and each of its keys' lists. */
export async function getRules(ctx: RulesContext) {
  const team = await teamOrThrow(ctx);
  return {
    team: { teamId: team.teamId, alias: team.teamAlias, models: team.models },
    keys: (await ctx.gateway.keys.keysOfTeam(ctx.teamId)).map(keyRules),
  };
}
