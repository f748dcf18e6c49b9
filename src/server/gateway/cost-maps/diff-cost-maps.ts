import { isDeepStrictEqual } from "node:util";
import { notModels } from "../pricing/cost-map";

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface ModelChange {
  model: string;
  fields: Record<string, FieldChange>;
}

/** What a human should look at before applying. */
export type DiffFlag =
  | { kind: "price_jump"; model: string; field: string; old: number; new: number; ratio: number }
  | { kind: "lost_price"; model: string; fields: string[] }
  | { kind: "removed_in_use"; model: string };

export interface CostMapDiff {
  summary: { added: number; removed: number; changed: number };
  added: string[];
  removed: string[];
  changed: ModelChange[];
  flags: DiffFlag[];
}

const tokenPriceFields = ["input_cost_per_token", "output_cost_per_token"];

function modelEntries(raw: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [name, entry] of Object.entries(raw)) {
    if (!notModels.has(name) && typeof entry === "object" && entry !== null && !Array.isArray(entry)) out.set(name, entry as Record<string, unknown>);
  }
  return out;
}

/** Nested values compare by content: a reordered object is not a change, a reordered array is. */
function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && isDeepStrictEqual(a, b));
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, FieldChange> {
  const fields: Record<string, FieldChange> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!same(before[name], after[name])) fields[name] = { old: before[name] ?? null, new: after[name] ?? null };
  }
  return fields;
}

function flagsFor(model: string, fields: Record<string, FieldChange>): DiffFlag[] {
  const flags: DiffFlag[] = [];
  for (const [field, change] of Object.entries(fields)) {
    if (!field.includes("cost") || typeof change.old !== "number" || typeof change.new !== "number") continue;
    if (change.old <= 0 || change.new <= 0) continue;
    const ratio = change.new / change.old;
    if (ratio >= 10 || ratio <= 0.1) flags.push({ kind: "price_jump", model, field, old: change.old, new: change.new, ratio });
  }
  const lost = tokenPriceFields.filter((field) => typeof fields[field]?.old === "number" && typeof fields[field]?.new !== "number");
  if (lost.length > 0) flags.push({ kind: "lost_price", model, fields: lost });
  return flags;
}

/**
 * Added, removed and changed models (each changed field old -> new) between two maps, with flags
 * for price moves of 10x either way, prices that disappear, and removed models still in use.
 */
export function diffCostMaps(before: Record<string, unknown>, after: Record<string, unknown>, inUse: ReadonlySet<string>): CostMapDiff {
  const oldModels = modelEntries(before);
  const newModels = modelEntries(after);
  const added = [...newModels.keys()].filter((name) => !oldModels.has(name)).sort();
  const removed = [...oldModels.keys()].filter((name) => !newModels.has(name)).sort();
  const changed: ModelChange[] = [];
  const flags: DiffFlag[] = [];
  for (const [model, entry] of newModels) {
    const previous = oldModels.get(model);
    if (!previous) continue;
    const fields = changedFields(previous, entry);
    if (Object.keys(fields).length === 0) continue;
    changed.push({ model, fields });
    flags.push(...flagsFor(model, fields));
  }
  changed.sort((a, b) => (a.model < b.model ? -1 : 1));
  for (const model of removed) if (inUse.has(model)) flags.push({ kind: "removed_in_use", model });
  return { summary: { added: added.length, removed: removed.length, changed: changed.length }, added, removed, changed, flags };
}
