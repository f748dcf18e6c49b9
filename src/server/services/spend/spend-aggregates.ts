import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db";
import type { UtcDays } from "./spend-range";

/** The grouping and aggregate expressions over `spend_logs`, computed in the database in either dialect. */
export function spendColumns(database: Database) {
  const { spendLogs } = database.tables;
  return {
    /** The UTC day a request started. */
    utcDay:
      database.dialect === "postgres"
        ? sql<string>`to_char(${spendLogs.startTime} at time zone 'UTC', 'YYYY-MM-DD')`
        : sql<string>`strftime('%Y-%m-%d', ${spendLogs.startTime} / 1000, 'unixepoch')`,
    /** The model group that served it, else the model asked for (a request that failed before routing). */
    modelOf: sql<string>`coalesce(${spendLogs.modelGroup}, ${spendLogs.model})`,
    /** Aggregate columns for a `group by`. `unpriced` counts requests whose spend is unknown, not zero. */
    totals: {
      spend: sql<number>`coalesce(sum(${spendLogs.spend}), 0)`.mapWith(Number),
      requests: sql<number>`count(*)`.mapWith(Number),
      failures: sql<number>`coalesce(sum(case when ${spendLogs.status} = 'failure' then 1 else 0 end), 0)`.mapWith(Number),
      unpriced: sql<number>`coalesce(sum(case when ${spendLogs.unpriced} then 1 else 0 end), 0)`.mapWith(Number),
    },
  };
}

export interface Totals {
  spend: number;
  requests: number;
  failures: number;
  unpriced: number;
}

export const inRange = (database: Database, range: UtcDays, ...more: Array<SQL | undefined>) => {
  const { spendLogs } = database.tables;
  return and(gte(spendLogs.startTime, range.since), lt(spendLogs.startTime, range.until), ...more);
};

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
