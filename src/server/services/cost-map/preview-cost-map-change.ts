import { previewCostMap } from "../../gateway/cost-maps/preview-cost-map";
import { audit } from "../../gateway/audit";
import type { PreviewInput } from "./cost-map-input";
import { displaySource } from "../../gateway/cost-maps/display-source";
import type { CostMapServiceContext } from "./cost-map-service";

/**
 * Loads, validates and diffs a map against the active version, keeping it as a preview to apply
 * or discard. A refused map is a GatewayError (BAD_REQUEST on the dashboard) with the reason; nothing else changes.
 */
export async function previewCostMapChange(ctx: CostMapServiceContext, input: PreviewInput) {
  const preview = await previewCostMap(ctx.gateway.costMaps, { source: input.url, content: input.content, fileName: input.fileName, actor: ctx.actor });
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: null,
    action: "cost_map.previewed",
    targetType: "cost_map",
    targetId: String(preview.preview_id),
    details: { source: displaySource(preview.source), modelCount: preview.model_count, ...preview.summary, via: "dashboard" },
  });
  return {
    previewId: preview.preview_id,
    source: displaySource(preview.source),
    modelCount: preview.model_count,
    baseVersionId: preview.base_version_id,
    summary: preview.summary,
    added: preview.added,
    removed: preview.removed,
    changed: preview.changed,
    addedPrices: preview.added_prices,
    flags: preview.flags,
  };
}

export type CostMapChangePreview = Awaited<ReturnType<typeof previewCostMapChange>>;
