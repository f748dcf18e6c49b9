import { keyRules, teamOrThrow, type RulesContext } from "./rules-context";

/** The team's allow-list and each of its keys' lists. */
export function getRules(ctx: RulesContext) {
  const team = teamOrThrow(ctx);
  return {
    team: { teamId: team.teamId, alias: team.teamAlias, models: team.models },
    keys: ctx.gateway.keys.keysOfTeam(ctx.teamId).map(keyRules),
  };
}
