"use client";

import { useId } from "react";
import { money } from "./format";
import styles from "./spend.module.css";
import { keyName, type TeamSpend } from "./spend-tables";

type Budget = { maxBudget: number | null; spend: number; budgetDuration: string | null; resetAt: string | null };

function Usage({ budget, label }: { budget: Budget; label: string }) {
  if (budget.maxBudget === null) return <span className="muted">no budget</span>;
  const share = budget.maxBudget > 0 ? budget.spend / budget.maxBudget : 1;
  return (
    <span className={styles.field}>
      <meter
        className={styles.meter}
        min={0}
        max={budget.maxBudget}
        value={Math.min(budget.spend, budget.maxBudget)}
        low={budget.maxBudget * 0.75}
        high={budget.maxBudget * 0.9}
        optimum={0}
        aria-label={label}
      />
      <span className={share >= 1 ? "error" : undefined}>
        {money(budget.spend)} of {money(budget.maxBudget)} ({Math.round(share * 100)}%){share >= 1 ? ": over budget" : ""}
      </span>
    </span>
  );
}

const resets = (budget: Budget) => (budget.resetAt ? `resets ${new Date(budget.resetAt).toLocaleString()}` : budget.budgetDuration ? `every ${budget.budgetDuration}` : "never resets");

/** Running spend against budgets: the team's, then each key's. All time (or since the last reset), not the range. */
export function BudgetMeters({ budgets }: { budgets: TeamSpend["budgets"] }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Budgets</h2>
      <p className="muted">Spend since each budget last reset, whatever the range above.</p>
      {budgets.team && (
        <div className="stack">
          <strong>Team</strong>
          <Usage budget={budgets.team} label="Team budget used" />
          {budgets.team.maxBudget !== null && <span className="muted">{resets(budgets.team)}</span>}
        </div>
      )}
      {budgets.keys.length === 0 ? (
        <p>No keys in this team.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className="muted">Keys</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Budget used</th>
                <th scope="col">Reset</th>
              </tr>
            </thead>
            <tbody>
              {budgets.keys.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{keyName(key)}</th>
                  <td>
                    <Usage budget={key} label={`Budget used by ${keyName(key)}`} />
                  </td>
                  <td>{key.maxBudget === null ? "—" : resets(key)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
