"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { trpc } from "../../trpc-client";
import { TeamSelect, useMyTeams } from "../team-choice";
import styles from "./audit.module.css";

type AuditRow = Awaited<ReturnType<typeof trpc.audit.list.query>>[number];

const when = (at: string) => new Date(at).toLocaleString();
const target = (row: AuditRow) => (row.targetId ? `${row.targetType} ${row.targetId}` : row.targetType);

export function AuditPanel() {
  const { teams, teamId, setTeamId, problem: teamsProblem } = useMyTeams();
  const [rows, setRows] = useState<AuditRow[]>();
  const [problem, setProblem] = useState<string>();
  const shownTeam = useRef(teamId);
  useEffect(() => {
    shownTeam.current = teamId;
  }, [teamId]);

  const reload = useCallback(async () => {
    if (!teamId) return;
    const next = await trpc.audit.list.query({ teamId });
    if (shownTeam.current === teamId) setRows(next);
  }, [teamId]);

  useEffect(() => {
    setRows(undefined);
    setProblem(undefined);
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

  if (teamsProblem) return <p role="alert" className="error">{teamsProblem}</p>;
  if (!teams) return <p aria-busy="true">Loading…</p>;
  if (teams.length === 0) return <p>You are not in any team yet. Ask an admin to add you.</p>;

  return (
    <div className="stack">
      <div className="row">
        <TeamSelect teams={teams} teamId={teamId} onChange={setTeamId} />
        <button type="button" className="secondary" onClick={() => reload().catch((error: Error) => setProblem(error.message))}>
          Refresh
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {rows === undefined ? (
        !problem && <p aria-busy="true">Loading the audit log…</p>
      ) : rows.length === 0 ? (
        <p>No changes recorded for this team yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className={styles.caption}>The team&apos;s latest {rows.length} changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className={styles.nowrap}>
                    <time dateTime={row.at}>{when(row.at)}</time>
                  </td>
                  <td className={styles.wrap}>{row.actor}</td>
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
      )}
    </div>
  );
}
