"use client";

import type { trpc } from "../../trpc-client";
import { count, money } from "./format";
import styles from "./spend.module.css";

export type TeamSpend = Awaited<ReturnType<typeof trpc.spend.team.query>>;
type Totals = TeamSpend["totals"];

/** How a key is named on the page: its alias, else its preview, else that it has left the team. */
export function keyName(key: { alias: string | null; preview: string | null; inTeam: boolean }): string {
  return key.alias ?? key.preview ?? (key.inTeam ? "unnamed key" : "a key no longer in this team");
}

function TotalsCells({ totals }: { totals: Totals }) {
  return (
    <>
      <td className={styles.number}>{money(totals.spend)}</td>
      <td className={styles.number}>{count(totals.requests)}</td>
      <td className={styles.number}>{count(totals.failures)}</td>
      <td className={styles.number}>{count(totals.unpriced)}</td>
    </>
  );
}

function TotalsHeaders() {
  return (
    <>
      <th scope="col" className={styles.number}>
        Spend
      </th>
      <th scope="col" className={styles.number}>
        Requests
      </th>
      <th scope="col" className={styles.number}>
        Failures
      </th>
      <th scope="col" className={styles.number}>
        Unpriced
      </th>
    </>
  );
}

/** One row per thing (key, model, team) over the range, and their total. */
export function TotalsTable<Row extends Totals>(props: { caption: string; nameHeader: string; rows: Row[]; nameOf: (row: Row) => string; keyOf: (row: Row) => string; totals: Totals }) {
  return (
    <div className="card table-wrap" tabIndex={0}>
      <table>
        <caption className="muted">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.nameHeader}</th>
            <TotalsHeaders />
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.keyOf(row)}>
              <th scope="row">{props.nameOf(row)}</th>
              <TotalsCells totals={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <TotalsCells totals={props.totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The range's headline numbers; unpriced requests stand out, since their spend is unknown, not zero. */
export function SpendStats({ totals }: { totals: Totals }) {
  return (
    <dl className={styles.stats} aria-label="Totals">
      <div className={styles.stat}>
        <dt>Spend</dt>
        <dd>{money(totals.spend)}</dd>
      </div>
      <div className={styles.stat}>
        <dt>Requests</dt>
        <dd>{count(totals.requests)}</dd>
      </div>
      <div className={styles.stat}>
        <dt>Failures</dt>
        <dd>{count(totals.failures)}</dd>
      </div>
      <div className={`${styles.stat} ${totals.unpriced > 0 ? styles.unpriced : ""}`}>
        <dt>Unpriced requests</dt>
        <dd data-testid="unpriced-count">{count(totals.unpriced)}</dd>
        {totals.unpriced > 0 && <p className="muted">No price was known for these: their spend is missing from the totals. Add the models to the cost map.</p>}
      </div>
    </dl>
  );
}
