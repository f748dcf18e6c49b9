import type { TeamRow, VirtualKeyRow } from "../../db/schema";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * A key as LiteLLM's management API shows it (never the plain key; the hash only where LiteLLM
 * has it). `pendingSpend`: spend not in the row's total yet (buffered or unsettled), counted as
 * budget checks count it.
 */
export function keyView(row: VirtualKeyRow, pendingSpend = 0) {
  return {
    key_name: row.keyName,
    key_alias: row.keyAlias,
    team_id: row.teamId,
    user_id: row.userId,
    user_role: row.role === "admin" ? "proxy_admin" : "internal_user",
    models: row.models,
    spend: row.spend + pendingSpend,
    max_budget: row.maxBudget,
    budget_duration: row.budgetDuration,
    budget_reset_at: iso(row.budgetResetAt),
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    expires: iso(row.expires),
    blocked: row.blocked,
    metadata: row.metadata,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    last_active: iso(row.lastUsedAt),
  };
}

export function teamView(row: TeamRow) {
  return {
    team_id: row.teamId,
    team_alias: row.teamAlias,
    models: row.models,
    spend: row.spend,
    max_budget: row.maxBudget,
    budget_duration: row.budgetDuration,
    budget_reset_at: iso(row.budgetResetAt),
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    metadata: row.metadata,
    blocked: row.blocked,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}
