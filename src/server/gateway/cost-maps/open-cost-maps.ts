import type { Logger } from "pino";
import { validateCostMap, type CostMapValidation } from "./validate-cost-map";
import { ActiveCostMap } from "./active-cost-map";
import { readBuiltinCostMap } from "./builtin-cost-map";
import type { CostMapStore } from "./cost-map-store";
import { fetchCostMapSource, type FetchOptions } from "./fetch-cost-map-source";

export interface OpenCostMapsOptions {
  /** SWITCHYARD_COST_MAP_URL: tried first; the built-in map when unset or it cannot be loaded. */
  configuredSource?: string;
  /** The built-in map's file (builtinCostMapFile), read only for a fresh database. */
  builtinFile: string;
  now: () => number;
  fetchOptions?: FetchOptions;
}

/** The configured source's text, or the built-in map when none is set or it cannot be loaded; parsed once. */
async function firstMap(options: OpenCostMapsOptions, log: Logger): Promise<{ text: string; source: string; validation: CostMapValidation }> {
  const { configuredSource } = options;
  if (configuredSource) {
    try {
      const text = await fetchCostMapSource(configuredSource, "operator", options.fetchOptions);
      const validation = validateCostMap(text);
      if (validation.ok) return { text, source: configuredSource, validation };
      log.warn(`cost map from ${configuredSource} refused (${validation.reason}); starting with the built-in map`);
    } catch (error) {
      log.warn(`${(error as Error).message}; starting with the built-in map`);
    }
  }
  const text = await readBuiltinCostMap(options.builtinFile);
  return { text, source: "builtin", validation: validateCostMap(text) };
}

/**
 * At start: an active version in the database stays active (an admin's choice survives
 * restarts); otherwise the configured source, or the built-in map, becomes the first version.
 * Nothing is fetched without SWITCHYARD_COST_MAP_URL: a fresh server starts offline on the
 * built-in map, and only reloads go to LiteLLM's published one.
 */
export async function openCostMaps(store: CostMapStore, log: Logger, options: OpenCostMapsOptions): Promise<ActiveCostMap> {
  const state = await store.state();
  if (state) return ActiveCostMap.open(store, log, state.activeVersionId);

  const { text, source, validation } = await firstMap(options, log);
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
