import { addDuration } from "../keys/durations";
import type { KeyStore } from "../keys/key-store";
import type { Principal } from "../keys/principal";

/**
 * Starts a new budget period for the key and team when theirs has ended. Done when the key is
 * next used rather than by a sweeper, so a period boundary is exact and idle keys cost nothing.
 */
export function resetDueBudgets(principal: Principal, keys: KeyStore, now: number): Principal {
  if (principal.kind === "master") return principal;
  let { key, team } = principal;
  if (key.budgetDuration && key.budgetResetAt && key.budgetResetAt.getTime() <= now) {
    key = keys.updateKey(key.token, { spend: 0, budgetResetAt: new Date(nextReset(key.budgetResetAt.getTime(), key.budgetDuration, now)) }) ?? key;
  }
  if (team?.budgetDuration && team.budgetResetAt && team.budgetResetAt.getTime() <= now) {
    team = keys.updateTeam(team.teamId, { spend: 0, budgetResetAt: new Date(nextReset(team.budgetResetAt.getTime(), team.budgetDuration, now)) }) ?? team;
  }
  return { kind: "key", key, team };
}

function nextReset(previous: number, duration: string, now: number): number {
  let next = addDuration(previous, duration);
  while (next <= now) next = addDuration(next, duration);
  return next;
}
