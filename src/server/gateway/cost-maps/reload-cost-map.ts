import { applyCostMap } from "./apply-cost-map";
import type { CostMapDeps } from "./cost-map-deps";
import { previewCostMap } from "./preview-cost-map";

/**
 * LiteLLM's one-call reload: preview from the configured source and apply it. Validation still
 * applies: a bad map is refused and the active version stays. The outcome is recorded for status.
 */
export async function reloadCostMap(deps: CostMapDeps, actor: string) {
  const at = new Date(deps.now());
  try {
    const preview = await previewCostMap(deps, { actor });
    const applied = await applyCostMap(deps, preview.preview_id);
    deps.store.recordReload(at, null);
    return {
      status: "success",
      message: `Model cost map reloaded: ${applied.model_count} models (${preview.summary.added} added, ${preview.summary.removed} removed, ${preview.summary.changed} changed)`,
      timestamp: at.toISOString(),
      models_count: applied.model_count,
      version_id: applied.version_id,
      source: applied.source,
      summary: preview.summary,
      flags: preview.flags,
    };
  } catch (error) {
    deps.store.recordReload(at, (error as Error).message);
    throw error;
  }
}
