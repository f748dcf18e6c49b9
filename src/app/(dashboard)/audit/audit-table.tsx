import styles from "./audit.module.css";

export interface AuditTableRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown> | null;
  via?: "dashboard" | "api" | null;
}

const when = (at: string) => new Date(at).toLocaleString();
const target = (row: AuditTableRow) => (row.targetId ? `${row.targetType} ${row.targetId}` : row.targetType);
const viaLabel = { dashboard: "dashboard", api: "API" } as const;

/** One audit trail, newest first; `showVia` adds where each change came from (dashboard or API). */
export function AuditTable(props: { rows: AuditTableRow[]; caption: string; label?: string; showVia?: boolean }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table aria-label={props.label}>
        <caption className={styles.caption}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            {props.showVia && <th scope="col">From</th>}
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.id}>
              <td className={styles.nowrap}>
                <time dateTime={row.at}>{when(row.at)}</time>
              </td>
              <td className={styles.wrap}>{row.actor}</td>
              {props.showVia && <td>{row.via ? viaLabel[row.via] : <span className="muted">—</span>}</td>}
              <td>
                <code>{row.action}</code>
              </td>
              <td className={styles.wrap}>{target(row)}</td>
              <td className={styles.wrap}>{row.details ? <code>{JSON.stringify(row.details)}</code> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
