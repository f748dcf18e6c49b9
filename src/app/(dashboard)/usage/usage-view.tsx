"use client";

import { useId } from "react";
import { trpc } from "../../trpc-client";
import { count, money } from "../spend/format";
import { useLoaded } from "../spend/use-loaded";
import statStyles from "../spend/spend.module.css";
import { TokensChart, SeriesChart } from "./usage-charts";
import { UsageTable } from "./usage-table";
import type { Dimension } from "./usage-panel";

export type UsageReport = Awaited<ReturnType<typeof trpc.usage.team.query>>;

function csvHref(teamId: string | null, days: number, by: Dimension, timeZone: string) {
  const params = new URLSearchParams({ days: String(days), by, timeZone });
  if (teamId) params.set("teamId", teamId);
  return `/api/export/usage?${params}`;
}

export function UsageView({ teamId, days, by, timeZone }: { teamId: string | null; days: number; by: Dimension; timeZone: string }) {
  const headingId = useId();
  const { data, error, loading } = useLoaded(
    () => (teamId === null ? trpc.usage.instance.query({ days, by, timeZone }) : trpc.usage.team.query({ teamId, days, by, timeZone })),
    [teamId, days, by, timeZone],
  );
  if (error)
    return (
      <p role="alert" className="error">
        Could not load usage: {error}
      </p>
    );
  if (loading || !data) return <p aria-busy="true">Loading usage…</p>;
  const { totals } = data;
  const stats: Array<[string, string]> = [
    ["Requests", count(totals.requests)],
    ["Spend", money(totals.spend)],
    ["Input tokens", count(totals.inputTokens)],
    ["Cached input", count(totals.cachedTokens)],
    ["Cache writes", count(totals.cacheWriteTokens)],
    ["Output tokens", count(totals.outputTokens)],
    ["Reasoning", count(totals.reasoningTokens)],
  ];
  return (
    <section aria-labelledby={headingId} className="stack">
      <h2 id={headingId}>
        {teamId === null ? "All teams" : "Team usage"}, {data.from} to {data.to} ({data.timeZone})
      </h2>
      <dl className={statStyles.stats}>
        {stats.map(([label, value]) => (
          <div key={label} className={statStyles.stat}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={csvHref(teamId, days, by, timeZone)} download>
          Download CSV (per day and {by})
        </a>
      </p>
      {totals.requests === 0 ? (
        <p className="card">No requests in this range.</p>
      ) : (
        <>
          <TokensChart days={data.days} timeZone={data.timeZone} />
          <SeriesChart days={data.days} series={data.chartSeries} by={by} timeZone={data.timeZone} />
          {data.utcDays && <p className="muted">Keys and users are counted per UTC day (there are too many of them for hourly sums), whatever the reporting time zone.</p>}
          <UsageTable rows={data.rows} by={by} more={data.moreRows} />
        </>
      )}
    </section>
  );
}
