import { createHash } from "node:crypto";
import { notModels } from "../pricing/cost-map";

export type CostMapValidation = { ok: true; raw: Record<string, unknown>; modelCount: number; contentHash: string } | { ok: false; reason: string };

const listed = (names: string[]) => names.slice(0, 5).join(", ") + (names.length > 5 ? `, and ${names.length - 5} more` : "");

/**
 * Checks that a text is a cost map worth applying: LiteLLM's shape, no negative or non-finite
 * prices, and not suspiciously smaller than the active one (a truncated download looks like that).
 */
export function validateCostMap(text: string, activeModelCount?: number): CostMapValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in its message; the text could be any file or page, so drop it.
    return { ok: false, reason: `not JSON: ${(error as Error).message.replace(/".*"/s, "…")}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: "not a cost map: expected a JSON object of model name -> entry" };
  }
  const raw = parsed as Record<string, unknown>;
  const notObjects: string[] = [];
  const badPrices: string[] = [];
  let modelCount = 0;
  let withProvider = 0;
  for (const [name, entry] of Object.entries(raw)) {
    if (notModels.has(name)) continue;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      notObjects.push(name);
      continue;
    }
    modelCount++;
    if (typeof (entry as { litellm_provider?: unknown }).litellm_provider === "string") withProvider++;
    for (const [field, value] of Object.entries(entry)) {
      if (!field.includes("cost") || typeof value !== "number") continue;
      if (!Number.isFinite(value) || value < 0) badPrices.push(`${name}.${field} = ${value}`);
    }
  }
  if (notObjects.length > 0) return { ok: false, reason: `not a cost map: entries that are not objects: ${listed(notObjects)}` };
  if (modelCount === 0) return { ok: false, reason: "not a cost map: it has no models" };
  if (badPrices.length > 0) return { ok: false, reason: `negative or invalid prices: ${listed(badPrices)}` };
  if (activeModelCount !== undefined && modelCount < activeModelCount / 2) {
    return {
      ok: false,
      reason: `suspicious shrink: ${modelCount} models against ${activeModelCount} in the active version (more than half would be gone)`,
    };
  }
  // Every LiteLLM entry names its provider; any other JSON of objects (a config, a state file) would
  // otherwise pass, and its keys and values would come back in the diff.
  if (withProvider * 2 < modelCount) return { ok: false, reason: "not a cost map: most entries name no litellm_provider" };
  return { ok: true, raw, modelCount, contentHash: createHash("sha256").update(text).digest("hex") };
}
