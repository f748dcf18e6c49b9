import type { AppliedVersion } from "../../gateway/cost-maps/apply-cost-map";
import type { CostMapDiff } from "../../gateway/cost/diff-cost-maps";
import { displaySource } from "./cost-map-service";

/** The counts a version's preview recorded, for the audit log (the first version has none). */
export function diffCounts(summary: unknown): Partial<CostMapDiff["summary"]> {
  const counts = summary as Partial<CostMapDiff["summary"]> | null;
  return counts ? { added: counts.added, removed: counts.removed, changed: counts.changed } : {};
}

export function appliedVersionSummary(applied: AppliedVersion) {
  return { versionId: applied.version_id, modelCount: applied.model_count, source: displaySource(applied.source), appliedAt: applied.applied_at };
}
