import { money } from "./format";

export interface SeriesKey {
  /** `s0`, `s1`, ... or `other`: never a key alias or model name, which may contain dots. */
  dataKey: string;
  label: string;
}

export interface StackedData {
  rows: Array<Record<string, number | string>>;
  series: SeriesKey[];
}

/**
 * Per-day rows for a stacked bar chart: the `limit` biggest series over the range by name, the
 * rest summed as "Other", so the legend stays readable with many keys or models.
 */
export function stackSeries<Day extends { day: string }>(
  days: readonly Day[],
  seriesOf: (day: Day) => ReadonlyArray<{ id: string; spend: number }>,
  labelOf: (id: string) => string,
  limit = 6,
): StackedData {
  const totals = new Map<string, number>();
  for (const day of days) for (const entry of seriesOf(day)) totals.set(entry.id, (totals.get(entry.id) ?? 0) + entry.spend);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const shown = ranked.length > limit + 1 ? ranked.slice(0, limit) : ranked;
  const keyOf = new Map(shown.map((id, index) => [id, `s${index}`]));
  const series: SeriesKey[] = shown.map((id, index) => ({ dataKey: `s${index}`, label: labelOf(id) }));
  if (shown.length < ranked.length) series.push({ dataKey: "other", label: `Other (${ranked.length - shown.length})` });
  const rows = days.map((day) => {
    const row: Record<string, number | string> = { day: day.day };
    for (const { dataKey } of series) row[dataKey] = 0;
    for (const entry of seriesOf(day)) {
      const key = keyOf.get(entry.id) ?? "other";
      row[key] = Number(row[key]) + entry.spend;
    }
    return row;
  });
  return { rows, series };
}

export const tooltipMoney = (value: unknown) => money(Number(value));
