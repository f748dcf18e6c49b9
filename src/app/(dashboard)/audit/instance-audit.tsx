"use client";

import { useCallback, useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { AuditTable, type AuditTableRow } from "./audit-table";

/** Instance-wide changes (cost map, stored credentials): shown to instance admins only. */
export function InstanceAudit() {
  const [rows, setRows] = useState<AuditTableRow[]>();
  const [problem, setProblem] = useState<string>();
  const reload = useCallback(() => {
    setProblem(undefined);
    trpc.audit.instance.query({}).then(setRows, (error: Error) => setProblem(error.message));
  }, []);
  useEffect(reload, [reload]);

  return (
    <section className="stack" aria-labelledby="instance-audit-heading">
      <div className="row">
        <h2 id="instance-audit-heading">Instance-wide changes</h2>
        <button type="button" className="secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {rows === undefined ? (
        !problem && <p aria-busy="true">Loading the instance-wide audit log…</p>
      ) : rows.length === 0 ? (
        <p>No instance-wide changes recorded yet.</p>
      ) : (
        <AuditTable rows={rows} caption={`The latest ${rows.length} instance-wide changes (cost map, credentials), newest first`} label="Instance-wide changes" showVia />
      )}
    </section>
  );
}
