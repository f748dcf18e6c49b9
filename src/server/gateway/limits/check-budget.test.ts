import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { keyPrincipal } from "../testing/builders";
import { checkBudget, type PendingSpend } from "./check-budget";

function pending(keys: Record<string, number> = {}, teams: Record<string, number> = {}): PendingSpend {
  return { pendingKeySpend: (token) => keys[token] ?? 0, pendingTeamSpend: (teamId) => teams[teamId] ?? 0 };
}

function budgetError(principal: Principal, spend: PendingSpend): GatewayError | undefined {
  try {
    checkBudget(principal, spend);
    return undefined;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

const token = "k".repeat(64);

describe("checkBudget", () => {
  it("lets a key under its budget through, counting unflushed spend", () => {
    const principal = keyPrincipal({ token, maxBudget: 10, spend: 9.5 });
    expect(budgetError(principal, pending({ [token]: 0.49 }))).toBeUndefined();
    const error = budgetError(principal, pending({ [token]: 0.5 }));
    expect(error).toMatchObject({ status: 429, code: "budget_exceeded", type: "budget_exceeded" });
    expect(error!.message).toContain("max_budget 10");
  });

  it("refuses a key whose persisted spend alone reaches the budget", () => {
    expect(budgetError(keyPrincipal({ token, maxBudget: 1, spend: 1 }), pending())?.code).toBe("budget_exceeded");
  });

  it("checks the team's budget with the team's pending spend", () => {
    const principal = keyPrincipal({ token }, { teamId: "team-a", maxBudget: 100, spend: 60 });
    expect(budgetError(principal, pending({ [token]: 1_000 }, { "team-b": 1_000 }))).toBeUndefined();
    const error = budgetError(principal, pending({}, { "team-a": 40 }));
    expect(error?.code).toBe("budget_exceeded");
    expect(error?.message).toContain("team team-a");
  });

  it("never limits without a max_budget, nor the master key", () => {
    expect(budgetError(keyPrincipal({ token, spend: 1e9 }, { spend: 1e9 }), pending({ [token]: 1e9 }))).toBeUndefined();
    expect(budgetError({ kind: "master" }, pending())).toBeUndefined();
  });

  it("treats a zero budget as already spent", () => {
    expect(budgetError(keyPrincipal({ token, maxBudget: 0 }), pending())?.code).toBe("budget_exceeded");
  });
});
