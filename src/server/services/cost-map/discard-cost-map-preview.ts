import { discardCostMapPreview as discardPreview } from "../../gateway/cost-maps/apply-cost-map";
import { audit } from "../../gateway/audit";
import { diffCounts } from "../../gateway/cost-maps/diff-counts";
import type { CostMapServiceContext } from "./cost-map-service";

/** Drops a preview (its content goes; the row and its diff stay for the record). */
export async function discardCostMapPreview(ctx: CostMapServiceContext, previewId: number) {
  const { costMaps } = ctx.gateway;
  await discardPreview(costMaps, previewId);
  const row = await costMaps.store.version(previewId);
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: null,
    action: "cost_map.discarded",
    targetType: "cost_map",
    targetId: String(previewId),
    details: { previewId, modelCount: row?.modelCount ?? null, ...diffCounts((row?.diff as { summary?: unknown } | null)?.summary ?? null), via: "dashboard" },
  });
  return { previewId, discarded: true as const };
}
