import { addDuration } from "../keys/durations";
import type { KeyStore } from "../keys/key-store";
import type { Principal } from "../keys/principal";

/**
 * Starts a new budget period for the key and team when theirs has ended. Done when the key is
 * next used rather than by a sweeper, so a period boundary is exact and idle keys cost nothing.
 * Of several instances that notice the same boundary, one resets; the others read its result.
 */
export async function resetDueBudgets(principal: Principal, keys: KeyStore, now: number): Promise<Principal> {
  if (principal.kind === "master") return principal;
  let { key, team } = principal;
  if (key.budgetDuration && key.budgetResetAt && key.budgetResetAt.getTime() <= now) {
    key = (await keys.resetKeyBudget(key.token, key.budgetResetAt, new Date(nextReset(key.budgetResetAt.getTime(), key.budgetDuration, now)))) ?? key;
  }
  if (team?.budgetDuration && team.budgetResetAt && team.budgetResetAt.getTime() <= now) {
    team = (await keys.resetTeamBudget(team.teamId, team.budgetResetAt, new Date(nextReset(team.budgetResetAt.getTime(), team.budgetDuration, now)))) ?? team;
  }
  return { kind: "key", key, team };
}

function nextReset(previous: number, duration: string, now: number): number {
  let next = addDuration(previous, duration);
  while (next <= now) next = addDuration(next, duration);
  return next;
}
