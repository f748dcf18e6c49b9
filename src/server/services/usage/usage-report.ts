import { and, desc, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db";
import { allTeams, dailyDimensions } from "../../gateway/spend/roll-up-usage";
import { lastDaysIn, timeZoneSchema, type ReportDay } from "./report-days";
import type { UsageScope } from "./usage-scope";

export const usageReportSchema = z.object({
  days: z.number().int().min(1).max(366).default(30),
  timeZone: timeZoneSchema.default("UTC"),
  /** Within a team: model, key, user or tag; across every team (instance admins): team, model or tag. */
  by: z.enum(["model", "key", "user", "tag", "team"]).default("model"),
});
export type UsageReportInput = z.output<typeof usageReportSchema>;

/** Series shown in the per-day chart; the table lists up to `tableRows`, the CSV all of them. */
const chartSeries = 8;
const tableRows = 100;

/** Sum columns over `usage_hourly`, named as the page names them. */
export function sums(database: Database) {
  const { usageHourly: u } = database.tables;
  const total = (column: AnyColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  return {
    requests: total(u.requests),
    failures: total(u.failures),
    unpriced: total(u.unpriced),
    spend: total(u.spend),
    inputTokens: total(u.inputTokens),
    outputTokens: total(u.outputTokens),
    cachedTokens: total(u.cachedTokens),
    cacheWriteTokens: total(u.cacheWriteTokens),
    reasoningTokens: total(u.reasoningTokens),
  };
}

/** `(day, since, until)` rows for a join: each hour lands in the report day its start falls in. */
export function daysTable(days: readonly ReportDay[]): SQL {
  return sql`with report_days(day, since, until) as (values ${sql.join(
    days.map((day) => sql`(${day.day}, cast(${day.since} as bigint), cast(${day.until} as bigint))`),
    sql`, `,
  )})`;
}

export type Dimension = UsageReportInput["by"];

/** Keys' and users' sums are per UTC day (roll-up-usage.ts): their report days are the UTC days of the same dates. */
export function daysFor(dimension: Dimension, days: readonly ReportDay[]): readonly ReportDay[] {
  if (!dailyDimensions.has(dimension)) return days;
  return days.map(({ day }) => ({ day, since: Date.parse(`${day}T00:00:00Z`), until: Date.parse(`${day}T00:00:00Z`) + 86_400_000 }));
}

export function usageQuery(database: Database, teamKey: string, dimension: Dimension, reportDays: readonly ReportDay[], values?: readonly string[]) {
  const { usageHourly: u } = database.tables;
  const days = daysFor(dimension, reportDays);
  const day = sql<string>`report_days.day`;
  return sql`${daysTable(days)} select ${day} as day, ${u.value} as value, ${sql.join(
    Object.entries(sums(database)).map(([name, column]) => sql`${column} as ${sql.identifier(name)}`),
    sql`, `,
  )} from report_days join ${u} on ${and(eq(u.teamId, teamKey), eq(u.dimension, dimension), sql`${u.hour} >= report_days.since and ${u.hour} < report_days.until`, values ? inArray(u.value, [...values]) : undefined)} group by ${day}, ${u.value}`;
}

export type UsageTotals = { [name in keyof ReturnType<typeof sums>]: number };
type Row = UsageTotals & { day: string; value: string };

const numeric = (row: Record<string, unknown>): Row => {
  const out: Record<string, unknown> = { day: row.day, value: row.value };
  for (const name of Object.keys(row)) if (name !== "day" && name !== "value") out[name] = Number(row[name]);
  return out as Row;
};

/** The dimensions a scope offers: keys and users within a team; teams across them. */
export function checkDimension(teamId: string | null, by: Dimension): Dimension {
  const allowed: Dimension[] = teamId === null ? ["team", "model", "tag"] : ["model", "key", "user", "tag"];
  return allowed.includes(by) ? by : "model";
}

/**
 * Tokens by kind, requests and spend per day (in the report's time zone), and by one dimension:
 * read from the hourly rollups (a few thousand rows), never from the spend log itself.
 */
export async function usageReport(scope: UsageScope, input: UsageReportInput) {
  await scope.gateway.spend.flush();
  const { database } = scope.gateway;
  const { usageHourly: u } = database.tables;
  const teamKey = scope.teamId ?? allTeams;
  const by = checkDimension(scope.teamId, input.by);
  const days = lastDaysIn(scope.gateway.now(), input.days, input.timeZone);
  const seriesDays = daysFor(by, days);
  const range = and(eq(u.teamId, teamKey), eq(u.dimension, by), sql`${u.hour} >= ${seriesDays[0].since}`, sql`${u.hour} < ${seriesDays[seriesDays.length - 1].until}`);

  // Every request is in exactly one model's rows: the per-day totals come from those, whatever the dimension.
  const perDay = (await database.rows<Record<string, unknown>>(database.db, usageQuery(database, teamKey, "model", days))).map(numeric);
  const series = await database.db
    .select({ value: u.value, ...sums(database) })
    .from(u)
    .where(range)
    .groupBy(u.value)
    .orderBy(desc(sums(database).spend), desc(sums(database).requests), u.value)
    .limit(tableRows + 1);
  const top = series.slice(0, chartSeries).map((row) => row.value);
  const perDayTop = top.length === 0 ? [] : (await database.rows<Record<string, unknown>>(database.db, usageQuery(database, teamKey, by, days, top))).map(numeric);
  const labels = await labelsFor(
    scope,
    by,
    series.slice(0, tableRows).map((row) => row.value),
  );

  const zero = (): UsageTotals => ({ requests: 0, failures: 0, unpriced: 0, spend: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  const byDay = new Map(days.map((day) => [day.day, { day: day.day, ...zero(), series: {} as Record<string, { spend: number; requests: number }> }]));
  const totals = zero();
  for (const row of perDay) {
    const day = byDay.get(row.day)!;
    for (const name of Object.keys(totals) as (keyof UsageTotals)[]) {
      day[name] += row[name];
      totals[name] += row[name];
    }
  }
  for (const row of perDayTop) byDay.get(row.day)!.series[row.value] = { spend: row.spend, requests: row.requests };

  return {
    by,
    timeZone: input.timeZone,
    /** True when this dimension's series are counted in UTC days (keys, users), whatever the time zone. */
    utcDays: dailyDimensions.has(by),
    from: days[0].day,
    to: days[days.length - 1].day,
    totals,
    days: [...byDay.values()],
    chartSeries: top.map((value) => ({ value, label: labelOf(by, value, labels) })),
    rows: series.slice(0, tableRows).map((row) => ({ ...row, label: labelOf(by, row.value, labels) })),
    moreRows: series.length > tableRows,
  };
}

/** A value as the page and the CSV show it: a key never by its hash alone. */
export function labelOf(by: Dimension, value: string, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(value);
  if (label !== undefined) return label;
  if (value === "") return by === "key" ? "(master key)" : "(none)";
  return by === "key" ? "(a key no longer in this team)" : value;
}

/** How values read on the page: keys by alias or preview (only this team's; others stay opaque ids), teams by alias. */
export async function labelsFor(scope: UsageScope, by: string, values: readonly string[]): Promise<Map<string, string>> {
  const { database } = scope.gateway;
  const wanted = values.filter((value) => value !== "");
  if (wanted.length === 0) return new Map();
  if (by === "key") {
    const { virtualKeys } = database.tables;
    const keys = await database.db
      .select({ token: virtualKeys.token, alias: virtualKeys.keyAlias, preview: virtualKeys.keyName })
      .from(virtualKeys)
      .where(and(inArray(virtualKeys.token, wanted), scope.teamId === null ? undefined : eq(virtualKeys.teamId, scope.teamId)));
    return new Map(keys.map((key) => [key.token, key.alias ? `${key.alias} (${key.preview})` : key.preview]));
  }
  if (by === "team") {
    const { teams } = database.tables;
    const rows = await database.db.select({ id: teams.teamId, alias: teams.teamAlias }).from(teams).where(inArray(teams.teamId, wanted));
    return new Map(rows.map((row) => [row.id, row.alias ?? row.id]));
  }
  return new Map();
}
