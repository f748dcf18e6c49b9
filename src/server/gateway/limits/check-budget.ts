import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";

/** Spend recorded but not yet persisted, so a budget holds between batch writes. */
export interface PendingSpend {
  pendingKeySpend(token: string): number;
  pendingTeamSpend(teamId: string): number;
}

/** Refuses the request before any upstream call once the key's or team's budget is spent. */
export function checkBudget(principal: Principal, pending: PendingSpend): void {
  if (principal.kind === "master") return;
  const { key, team } = principal;
  if (key.maxBudget !== null) {
    const spent = key.spend + pending.pendingKeySpend(key.token);
    if (spent >= key.maxBudget) {
      throw new GatewayError("budget_exceeded", `Budget exceeded for this key: spend ${spent.toFixed(6)} >= max_budget ${key.maxBudget}`);
    }
  }
  if (team && team.maxBudget !== null) {
    const spent = team.spend + pending.pendingTeamSpend(team.teamId);
    if (spent >= team.maxBudget) {
      throw new GatewayError("budget_exceeded", `Budget exceeded for team ${team.teamId}: spend ${spent.toFixed(6)} >= max_budget ${team.maxBudget}`);
    }
  }
}
