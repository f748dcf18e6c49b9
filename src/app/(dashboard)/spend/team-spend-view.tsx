"use client";

import { useId } from "react";
import { trpc } from "../../trpc-client";
import { BudgetMeters } from "./budget-meters";
import { count } from "./format";
import { SpendChart } from "./spend-chart";
import { keyName, SpendStats, TotalsTable } from "./spend-tables";
import { stackSeries } from "./stack-series";
import { useLoaded } from "./use-loaded";

export function TeamSpendView({ teamId, days }: { teamId: string; days: number }) {
  const headingId = useId();
  const { data, error, loading } = useLoaded(() => trpc.spend.team.query({ teamId, days }), [teamId, days]);
  if (error)
    return (
      <p role="alert" className="error">
        Could not load spend: {error}
      </p>
    );
  if (loading || !data) return <p aria-busy="true">Loading spend…</p>;

  const keysById = new Map(data.keys.map((key) => [key.id, key]));
  const nameOfKey = (id: string) => {
    const key = keysById.get(id);
    return key ? keyName(key) : "unknown key";
  };
  return (
    <section aria-labelledby={headingId} className="stack">
      <h2 id={headingId}>
        Team spend, {data.from} to {data.to} (UTC)
      </h2>
      <SpendStats totals={data.totals} />
      {data.totals.requests === 0 ? (
        <p className="card">No requests from this team in the last {count(days)} days.</p>
      ) : (
        <>
          <SpendChart title="Spend per day by key" data={stackSeries(data.days, (day) => day.byKey, nameOfKey)} />
          <SpendChart
            title="Spend per day by model"
            data={stackSeries(
              data.days,
              (day) => day.byModel,
              (model) => model,
            )}
          />
          <TotalsTable caption="Spend by key" nameHeader="Key" rows={data.keys} nameOf={keyName} keyOf={(key) => key.id} totals={data.totals} />
          <TotalsTable caption="Spend by model" nameHeader="Model" rows={data.models} nameOf={(model) => model.model} keyOf={(model) => model.model} totals={data.totals} />
        </>
      )}
      <BudgetMeters budgets={data.budgets} />
    </section>
  );
}
