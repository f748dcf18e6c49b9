import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Where LiteLLM publishes its map; LiteLLM's LITELLM_MODEL_COST_MAP_URL defaults to it, as reloads here do. */
export const litellmCostMapUrl = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";

/** Where reloads come from: SWITCHYARD_COST_MAP_URL, else LiteLLM's published map. */
export function reloadSourceOf(configuredSource: string | undefined): string {
  return configuredSource ?? litellmCostMapUrl;
}

/** The committed copy of LiteLLM's full map (builtin-cost-map/README.md: its date, source and licence). */
export function builtinCostMapFile(projectRoot: string): string {
  return join(projectRoot, "builtin-cost-map", "model_prices_and_context_window.json");
}

/**
 * The built-in map's text, read when a fresh database needs its first version. It is read, not
 * imported: a bundled import would keep megabytes of parsed objects alive in both threads.
 */
export async function readBuiltinCostMap(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new Error(
      `the built-in cost map could not be read at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it ships in builtin-cost-map/ of the project`,
    );
  }
}
