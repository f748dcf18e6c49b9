import type { UtcDays } from "./spend-range";

export interface Totals {
  spend: number;
  requests: number;
  failures: number;
  unpriced: number;
}

const zero = (): Totals => ({ spend: 0, requests: 0, failures: 0, unpriced: 0 });

function add(into: Totals, row: Totals): void {
  into.spend += row.spend;
  into.requests += row.requests;
  into.failures += row.failures;
  into.unpriced += row.unpriced;
}

const biggestFirst = (a: SeriesTotals, b: SeriesTotals) => b.spend - a.spend || b.requests - a.requests || a.id.localeCompare(b.id);

export type SeriesTotals = Totals & { id: string };
export type DayTotals = Totals & { day: string; series: SeriesTotals[] };

/**
 * Rows already grouped by (day, series) in SQL, laid out for the page: every day of the range
 * (empty days included, so charts have no gaps) with its series, and each series over the range;
 * series biggest spend first. Grouped rows only: at most days x series of them, never the raw log.
 */
export function spreadOverDays(range: UtcDays, rows: ReadonlyArray<Totals & { day: string; id: string }>) {
  const days = new Map<string, DayTotals>(range.days.map((day) => [day, { day, ...zero(), series: [] }]));
  const series = new Map<string, SeriesTotals>();
  const total = zero();
  for (const row of rows) {
    const day = days.get(row.day);
    if (!day) continue;
    const totals = { spend: row.spend, requests: row.requests, failures: row.failures, unpriced: row.unpriced };
    add(day, totals);
    day.series.push({ id: row.id, ...totals });
    const sum = series.get(row.id) ?? { id: row.id, ...zero() };
    add(sum, totals);
    series.set(row.id, sum);
    add(total, totals);
  }
  for (const day of days.values()) day.series.sort(biggestFirst);
  return {
    days: [...days.values()],
    series: [...series.values()].sort(biggestFirst),
    totals: total,
  };
}
