import type { AppliedVersion } from "../../gateway/cost-maps/apply-cost-map";
import { displaySource } from "../../gateway/cost-maps/display-source";

export function appliedVersionSummary(applied: AppliedVersion) {
  return { versionId: applied.version_id, modelCount: applied.model_count, source: displaySource(applied.source), appliedAt: applied.applied_at };
}
