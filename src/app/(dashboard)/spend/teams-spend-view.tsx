"use client";

import { useId } from "react";
import { trpc } from "../../trpc-client";
import { SpendChart } from "./spend-chart";
import { TotalsTable } from "./spend-tables";
import { stackSeries } from "./stack-series";
import { useLoaded } from "./use-loaded";

/** Instance admins only: every team's spend, requests made without a team apart. */
export function TeamsSpendView({ days }: { days: number }) {
  const headingId = useId();
  const { data, error, loading } = useLoaded(() => trpc.spend.teams.query({ days }), [days]);
  if (error)
    return (
      <p role="alert" className="error">
        Could not load spend by team: {error}
      </p>
    );
  if (loading || !data) return <p aria-busy="true">Loading spend by team…</p>;

  const names = new Map(data.teams.map((team) => [team.id, team.teamId === null ? "No team (master key)" : (team.alias ?? team.teamId)]));
  const nameOf = (id: string) => names.get(id) ?? id;
  return (
    <section aria-labelledby={headingId} className="stack">
      <h2 id={headingId}>Spend by team (instance admins)</h2>
      {data.totals.requests === 0 ? (
        <p className="card">No requests in these days.</p>
      ) : (
        <>
          <SpendChart title="Spend per day by team" data={stackSeries(data.days, (day) => day.byTeam, nameOf)} />
          <TotalsTable caption="Spend by team" nameHeader="Team" rows={data.teams} nameOf={(team) => nameOf(team.id)} keyOf={(team) => team.id} totals={data.totals} />
        </>
      )}
    </section>
  );
}
