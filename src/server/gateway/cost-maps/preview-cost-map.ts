import { OutboundAllowList } from "../../security/outbound-address";
import { costMapNamesOf } from "../pricing/cost-map";
import { diffCostMaps, type CostMapDiff } from "./diff-cost-maps";
import { validateCostMap } from "./validate-cost-map";
import { GatewayError } from "../errors";
import { reloadSourceOf } from "./builtin-cost-map";
import type { CostMapDeps } from "./cost-map-deps";
import { CostMapSourceError, fetchCostMapSource } from "./fetch-cost-map-source";

export interface CostMapPreview extends CostMapDiff {
  preview_id: number;
  source: string;
  model_count: number;
  content_hash: string;
  /** The active version the diff is against. */
  base_version_id: number;
  /** Each added model's price fields (`*cost*` numbers), so a reviewer sees what it will cost. */
  added_prices: Record<string, Record<string, number>>;
}

/** `fileName`: an uploaded file's name, kept in the source ("upload: prices.json") so History says which file. */
export type PreviewInput = { source?: string; content?: string; fileName?: string; actor: string };

const recentTraffic = 30 * 86_400_000;

/** What an admin is told about a URL they typed; the reason goes to the log only. */
export const sourceUnavailableMessage = "Could not fetch the cost map source (only public http(s) addresses are fetched, unless SWITCHYARD_COST_MAP_ALLOWED_HOSTS allows the host)";
export const invalidSourceMessage = "The source is not a valid LiteLLM cost map";

interface LoadedText {
  text: string;
  source: string;
  /** An admin typed the URL: what it answered must not be echoed (it may be an internal page). */
  typed: boolean;
}

/** The operator's own source failed: say why, and that nothing changed. */
function keptActiveMessage(deps: CostMapDeps, error: CostMapSourceError): string {
  const { versionId, modelCount } = deps.active.current();
  const reason = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return `${reason}. The active version ${versionId} (${modelCount.toLocaleString("en-US")} models) stays.`;
}

/**
 * The text of a source: inline content, the reload source (SWITCHYARD_COST_MAP_URL, a URL or a
 * file, trusted; else LiteLLM's published map) or a URL the admin typed (http(s) to a public
 * address, or a host the operator allows).
 */
async function loadText(deps: CostMapDeps, input: PreviewInput): Promise<LoadedText> {
  if (input.content !== undefined) return { text: input.content, source: input.fileName ? `upload: ${input.fileName}` : "upload", typed: false };
  const typed = input.source !== undefined;
  const source = input.source ?? reloadSourceOf(deps.configuredSource);
  try {
    return { text: await fetchCostMapSource(source, typed ? (deps.allowedHosts ?? new OutboundAllowList()) : "operator", deps.fetchOptions), source, typed };
  } catch (error) {
    if (!(error instanceof CostMapSourceError)) throw error;
    deps.log.warn({ source, problem: error.detail }, "cost map: the source could not be loaded");
    if (!typed) throw new GatewayError("cost_map_source_unavailable", keptActiveMessage(deps, error), { param: "url" });
    if (error.kind === "invalid") throw new GatewayError("invalid_cost_map", invalidSourceMessage, { param: "url" });
    throw new GatewayError("cost_map_source_unavailable", sourceUnavailableMessage, { param: "url" });
  }
}

/** Removed models that the config prices with, or that were requested in the last 30 days. */
async function modelsInUse(deps: CostMapDeps, removed: string[]): Promise<Set<string>> {
  const removedSet = new Set(removed);
  const inUse = new Set(deps.deployments.flatMap(costMapNamesOf).filter((name) => removedSet.has(name)));
  const since = new Date(deps.now() - recentTraffic);
  for (const model of await deps.store.recentlyRequestedModels(since, removed)) inUse.add(model);
  return inUse;
}

function pricesOf(raw: Record<string, unknown>, models: readonly string[]): Record<string, Record<string, number>> {
  const prices: Record<string, Record<string, number>> = {};
  for (const model of models) {
    const entry = raw[model] as Record<string, unknown>;
    prices[model] = Object.fromEntries(Object.entries(entry).filter((field): field is [string, number] => field[0].includes("cost") && typeof field[1] === "number"));
  }
  return prices;
}

/**
 * Step one of a reload: load, validate and diff against the active version, and keep the result
 * as a preview that can be applied or discarded. A map that fails validation is refused (422)
 * and nothing is stored; the active version is untouched either way.
 */
export async function previewCostMap(deps: CostMapDeps, input: PreviewInput): Promise<CostMapPreview> {
  const { text, source, typed } = await loadText(deps, input);
  const active = deps.active.current();
  const validation = validateCostMap(text, active.modelCount);
  if (!validation.ok) {
    if (!typed) throw new GatewayError("invalid_cost_map", `The cost map from ${source} was refused: ${validation.reason}`);
    deps.log.warn({ source, problem: validation.reason }, "cost map: the source is not a valid cost map");
    throw new GatewayError("invalid_cost_map", invalidSourceMessage, { param: "url" });
  }

  const activeRow = await deps.store.version(active.versionId);
  const before = activeRow ? (JSON.parse(activeRow.content) as Record<string, unknown>) : {};
  const removedNames = Object.keys(before).filter((name) => !(name in validation.raw));
  const diff = diffCostMaps(before, validation.raw, await modelsInUse(deps, removedNames));
  const previewId = await deps.store.insert({
    status: "preview",
    source,
    contentHash: validation.contentHash,
    modelCount: validation.modelCount,
    content: text,
    diff: { ...diff },
    createdBy: input.actor,
    createdAt: new Date(deps.now()),
  });
  return {
    added_prices: pricesOf(validation.raw, diff.added),
    preview_id: previewId,
    source,
    model_count: validation.modelCount,
    content_hash: validation.contentHash,
    base_version_id: active.versionId,
    ...diff,
  };
}
