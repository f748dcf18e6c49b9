import type { DiffFlag } from "@/server/gateway/cost-maps/diff-cost-maps";
import { money, perMillionTokens } from "../spend/format";

export type DiffKind = "added" | "removed" | "changed";
export type DiffFilter = "all" | DiffKind | "flagged";
export const diffFilters: readonly DiffFilter[] = ["all", "added", "removed", "changed", "flagged"];

export interface FieldRow {
  field: string;
  old: unknown;
  new: unknown;
  flagged: boolean;
}

export interface DiffRow {
  model: string;
  kind: DiffKind;
  fields: FieldRow[];
  flags: DiffFlag[];
}

/** A preview's diff as it arrives over tRPC (JSON: a field's old or new value may be missing). */
export interface PreviewDiff {
  added: readonly string[];
  removed: readonly string[];
  changed: ReadonlyArray<{ model: string; fields: Record<string, { old?: unknown; new?: unknown }> }>;
  flags: readonly DiffFlag[];
  /** Each added model's prices, so a reviewer sees what a new model will cost. */
  addedPrices?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Price fields (`input_cost_per_token`, `output_cost_per_image`, ...), shown apart from capability and limit fields. */
export const isPriceField = (field: string) => field.includes("cost") || field.includes("price");

/** The fields a flag is about, so the row can highlight them. */
function flaggedFields(flags: DiffFlag[]): Set<string> {
  return new Set(flags.flatMap((flag) => (flag.kind === "price_jump" ? [flag.field] : flag.kind === "lost_price" ? flag.fields : [])));
}

/** One row per model in the diff, sorted by name, each with its flags. */
export function diffRows(preview: PreviewDiff): DiffRow[] {
  const flagsOf = new Map<string, DiffFlag[]>();
  for (const flag of preview.flags) flagsOf.set(flag.model, [...(flagsOf.get(flag.model) ?? []), flag]);
  const row = (model: string, kind: DiffKind, fields: PreviewDiff["changed"][number]["fields"] = {}): DiffRow => {
    const flags = flagsOf.get(model) ?? [];
    const highlighted = flaggedFields(flags);
    return { model, kind, flags, fields: Object.entries(fields).map(([field, change]) => ({ field, old: change.old, new: change.new, flagged: highlighted.has(field) })) };
  };
  const addedFields = (model: string) => Object.fromEntries(Object.entries(preview.addedPrices?.[model] ?? {}).map(([field, value]) => [field, { old: null, new: value }]));
  return [
    ...preview.added.map((model) => row(model, "added", addedFields(model))),
    ...preview.removed.map((model) => row(model, "removed")),
    ...preview.changed.map((change) => row(change.model, "changed", change.fields)),
  ].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

const matches = (row: DiffRow, filter: DiffFilter) => filter === "all" || (filter === "flagged" ? row.flags.length > 0 : row.kind === filter);

/** The rows of one tab whose model name contains the search text (case-insensitive). */
export function filterRows(rows: DiffRow[], filter: DiffFilter, search: string): DiffRow[] {
  const needle = search.trim().toLowerCase();
  return rows.filter((row) => matches(row, filter) && (needle === "" || row.model.toLowerCase().includes(needle)));
}

export function countRows(rows: DiffRow[]): Record<DiffFilter, number> {
  return Object.fromEntries(diffFilters.map((filter) => [filter, rows.filter((row) => matches(row, filter)).length])) as Record<DiffFilter, number>;
}

/** A field's value as text: numbers as JavaScript writes them (0.000003, 1e-7), absent as "none". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A field's value as a reviewer compares it: per-token prices per 1M tokens ($0.22 / 1M tokens,
 * not 2.2e-7), other prices in dollars per their unit, everything else as formatValue writes it.
 */
export function formatFieldValue(field: string, value: unknown): string {
  if (typeof value !== "number" || !isPriceField(field)) return formatValue(value);
  if (field.endsWith("_per_token")) return perMillionTokens(value);
  const unit = /_per_(.+)$/.exec(field)?.[1]?.replaceAll("_", " ");
  return unit ? `${money(value)} per ${unit}` : money(value);
}

export function describeFlag(flag: DiffFlag): string {
  switch (flag.kind) {
    case "price_jump": {
      const times = Number((flag.ratio >= 1 ? flag.ratio : 1 / flag.ratio).toPrecision(3));
      return `Price jump: ${flag.field} ${formatFieldValue(flag.field, flag.old)} → ${formatFieldValue(flag.field, flag.new)} (${times}x ${flag.ratio >= 1 ? "higher" : "lower"})`;
    }
    case "lost_price":
      return `Lost price: ${flag.fields.join(", ")}`;
    case "removed_in_use":
      return "Removed but in use (configured or requested in the last 30 days)";
  }
}
