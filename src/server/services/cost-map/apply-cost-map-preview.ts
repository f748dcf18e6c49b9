import { applyCostMap } from "../../gateway/cost-maps/apply-cost-map";
import { audit } from "../../gateway/audit";
import { diffCounts } from "../../gateway/cost-maps/diff-counts";
import { appliedVersionSummary } from "./applied-version";
import type { CostMapServiceContext } from "./cost-map-service";

/** The preview becomes the active version for every instance. */
export async function applyCostMapPreview(ctx: CostMapServiceContext, previewId: number) {
  const applied = await applyCostMap(ctx.gateway.costMaps, previewId);
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: null,
    action: "cost_map.applied",
    targetType: "cost_map",
    targetId: String(applied.version_id),
    details: { versionId: applied.version_id, modelCount: applied.model_count, ...diffCounts(applied.summary), via: "dashboard" },
  });
  return appliedVersionSummary(applied);
}
