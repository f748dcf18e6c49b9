import type { CostMapDiff } from "./diff-cost-maps";

/** The counts a version's preview recorded, for the audit log (the first version has none). */
export function diffCounts(summary: unknown): Partial<CostMapDiff["summary"]> {
  const counts = summary as Partial<CostMapDiff["summary"]> | null;
  return counts ? { added: counts.added, removed: counts.removed, changed: counts.changed } : {};
}
