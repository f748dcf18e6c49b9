import { rollbackCostMap } from "../../gateway/cost-maps/apply-cost-map";
import { audit } from "../../gateway/record-audit";
import { appliedVersionSummary } from "./applied-version";
import type { CostMapServiceContext } from "./cost-map-service";

/** Makes a version that was applied before the active one again. */
export async function rollBackCostMap(ctx: CostMapServiceContext, versionId: number) {
  const fromVersionId = ctx.gateway.costMaps.active.current().versionId;
  const applied = await rollbackCostMap(ctx.gateway.costMaps, versionId);
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: null,
    action: "cost_map.rolled_back",
    targetType: "cost_map",
    targetId: String(applied.version_id),
    details: { versionId: applied.version_id, fromVersionId, modelCount: applied.model_count, via: "dashboard" },
  });
  return appliedVersionSummary(applied);
}
