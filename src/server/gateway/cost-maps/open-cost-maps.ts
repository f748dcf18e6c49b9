import type { Logger } from "pino";
import builtinPrices from "../cost/builtin-prices.json";
import { validateCostMap, type CostMapValidation } from "../cost/validate-cost-map";
import { ActiveCostMap } from "./active-cost-map";
import type { CostMapStore } from "./cost-map-store";
import { fetchCostMapSource, type FetchOptions } from "./fetch-cost-map-source";

/** The configured source's text, or the built-in map when none is set or it cannot be loaded; parsed once. */
async function firstMap(configuredSource: string | undefined, log: Logger, fetchOptions?: FetchOptions): Promise<{ text: string; source: string; validation: CostMapValidation }> {
  if (configuredSource) {
    try {
      const text = await fetchCostMapSource(configuredSource, "operator", fetchOptions);
      const validation = validateCostMap(text);
      if (validation.ok) return { text, source: configuredSource, validation };
      log.warn(`cost map from ${configuredSource} refused (${validation.reason}); starting with the built-in map`);
    } catch (error) {
      log.warn(`${(error as Error).message}; starting with the built-in map`);
    }
  }
  const text = JSON.stringify(builtinPrices);
  return { text, source: "builtin", validation: validateCostMap(text) };
}

/**
 * At start: an active version in the database stays active (an admin's choice survives
 * restarts); otherwise the configured source, or the built-in map, becomes the first version.
 */
export async function openCostMaps(
  store: CostMapStore,
  log: Logger,
  options: { configuredSource?: string; now: () => number; fetchOptions?: FetchOptions },
): Promise<ActiveCostMap> {
  const state = await store.state();
  if (state) return ActiveCostMap.open(store, log, state.activeVersionId);

  const { text, source, validation } = await firstMap(options.configuredSource, log, options.fetchOptions);
  if (!validation.ok) throw new Error(`the built-in cost map is invalid: ${validation.reason}`);
  const now = new Date(options.now());
  const versionId = await store.insert({
    status: "preview",
    source,
    contentHash: validation.contentHash,
    modelCount: validation.modelCount,
    content: text,
    diff: null,
    createdBy: "startup",
    createdAt: now,
  });
  await store.activate(versionId, now);
  // Compiled from the parse just made: a 3,000-model map is megabytes of objects per parse.
  return ActiveCostMap.opened(store, log, { versionId, raw: validation.raw, modelCount: validation.modelCount, source });
}
