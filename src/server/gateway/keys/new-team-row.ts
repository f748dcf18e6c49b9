import type { TeamRow } from "../../db/schema";

/** A team with no limits and nothing spent: what every new team starts from. */
export function newTeamRow(teamId: string, teamAlias: string | null, now: Date): TeamRow {
  return {
    teamId,
    teamAlias,
    models: [],
    maxBudget: null,
    budgetDuration: null,
    budgetResetAt: null,
    spend: 0,
    rpmLimit: null,
    tpmLimit: null,
    metadata: {},
    blocked: false,
    createdAt: now,
    updatedAt: now,
  };
}
