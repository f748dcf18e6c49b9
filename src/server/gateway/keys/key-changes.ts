import type { VirtualKeyRow } from "../../db/schema";

/** The settings an audit row reports; the token and its preview are secrets and never listed. */
const auditedColumns = ["keyAlias", "teamId", "userId", "role", "models", "maxBudget", "budgetDuration", "rpmLimit", "tpmLimit", "expires", "blocked", "metadata"] as const;

/** Metadata is free-form and may hold anything the caller put there: the log says it changed, not to what. */
const redactedColumns: ReadonlySet<string> = new Set(["metadata"]);

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : value === undefined ? null : value);

/** Every audited setting that differs between two versions of a key, with its old and new value. */
export function keyChanges(before: VirtualKeyRow, after: VirtualKeyRow): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const column of auditedColumns) {
    const old = comparable(before[column]);
    const next = comparable(after[column]);
    if (JSON.stringify(old) === JSON.stringify(next)) continue;
    changes[column] = redactedColumns.has(column) ? { old: "[redacted]", new: "[redacted]" } : { old, new: next };
  }
  return changes;
}
