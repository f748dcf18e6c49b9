import type { VirtualKeyRow } from "../../db/schema";

/** A key with no limits, no team and nothing spent: what every new key starts from. */
export function newKeyRow(token: string, keyName: string, now: Date): VirtualKeyRow {
  return {
    token,
    keyName,
    keyAlias: null,
    teamId: null,
    userId: null,
    role: "user",
    models: [],
    maxBudget: null,
    budgetDuration: null,
    budgetResetAt: null,
    spend: 0,
    rpmLimit: null,
    tpmLimit: null,
    expires: null,
    blocked: false,
    metadata: {},
    createdAt: now,
    updatedAt: now,
    lastUsedAt: null,
  };
}
