import { addDuration } from "../keys/durations";
import type { KeyStore } from "../keys/key-store";
import type { Principal } from "../keys/principal";

/**
 * Starts a new budget period for the key and team when theirs has ended. Done when the key is
 * next used rather than by a sweeper, so a period boundary is exact and idle keys cost nothing.
 * Of several instances that notice the same boundary, one resets; the others read its result.
 */
export function resetDueBudgets(principal: Principal, keys: KeyStore, now: number): Principal | Promise<Principal> {
  // Nearly every request: nothing is due, and the principal goes on as it came (no promise, no copy).
  if (principal.kind === "master" || (!isDue(principal.key, now) && !(principal.team && isDue(principal.team, now)))) return principal;
  return resetBudgets(principal, keys, now);
}

function isDue(owner: { budgetDuration: string | null; budgetResetAt: Date | null }, now: number): boolean {
  return Boolean(owner.budgetDuration) && owner.budgetResetAt !== null && owner.budgetResetAt.getTime() <= now;
}

async function resetBudgets(principal: Extract<Principal, { kind: "key" }>, keys: KeyStore, now: number): Promise<Principal> {
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
