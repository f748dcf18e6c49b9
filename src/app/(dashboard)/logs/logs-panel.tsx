"use client";

import { useCallback, useId, useState, type FormEvent } from "react";
import { trpc } from "../../trpc-client";
import { useLoaded } from "../spend/use-loaded";
import { useMyTeams } from "../team-choice";
import { LogDetail } from "./log-detail";
import { csvHref, emptyFilters, ranges, toQuery, type FilterForm, type QueryFilters } from "./log-filters";
import { LogsTable } from "./logs-table";
import styles from "./logs.module.css";

type Cursor = { startTime: number; requestId: string };
const allTeams = "*";
const pageSize = 50;

export function LogsPanel() {
  const { mine, teamId, setTeamId, problem } = useMyTeams();
  const [form, setForm] = useState<FilterForm>(emptyFilters);
  const [applied, setApplied] = useState<QueryFilters>(() => toQuery(emptyFilters, Date.now()));
  /** The cursors of the pages before this one (for "Newer") and of this one. */
  const [cursors, setCursors] = useState<Array<Cursor | undefined>>([undefined]);
  const [selected, setSelected] = useState<string>();
  const scopeId = useId();
  const everyTeam = teamId === allTeams;
  const cursor = cursors[cursors.length - 1];

  const page = useLoaded(
    () =>
      !teamId
        ? Promise.resolve(undefined)
        : everyTeam
          ? trpc.logs.listAll.query({ ...applied, cursor, limit: pageSize })
          : trpc.logs.list.query({ ...applied, team: undefined, teamId, cursor, limit: pageSize }),
    [teamId, everyTeam, applied, cursor],
  );
  const onSelect = useCallback((requestId: string) => setSelected(requestId), []);

  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!mine) return <p aria-busy="true">Loading…</p>;
  if (!teamId) return <p>You are not in any team yet. Ask an admin to add you.</p>;

  const field = (name: keyof FilterForm, label: string, placeholder?: string) => (
    <div className={styles.field}>
      <label htmlFor={`${scopeId}-${name}`}>{label}</label>
      <input id={`${scopeId}-${name}`} value={form[name]} placeholder={placeholder} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
    </div>
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(toQuery(form, Date.now()));
    setCursors([undefined]);
    setSelected(undefined);
  };
  const changeTeam = (next: string) => {
    setTeamId(next);
    setCursors([undefined]);
    setSelected(undefined);
  };

  return (
    <div className="stack">
      <form className={`card ${styles.filters}`} onSubmit={apply} aria-label="Filters">
        <div className={styles.field}>
          <label htmlFor={`${scopeId}-scope`}>Team</label>
          <select id={`${scopeId}-scope`} value={teamId} onChange={(event) => changeTeam(event.target.value)}>
            {mine.user.isAdmin && <option value={allTeams}>All teams</option>}
            {mine.teams.map((team) => (
              <option key={team.teamId} value={team.teamId}>
                {team.teamAlias ?? team.teamId}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${scopeId}-range`}>Time range</label>
          <select id={`${scopeId}-range`} value={form.range} onChange={(event) => setForm({ ...form, range: event.target.value })}>
            {ranges.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {field("key", "Key", "alias or sk-...abcd")}
        {everyTeam && field("team", "Team id")}
        {field("model", "Model")}
        {field("deployment", "Deployment")}
        <div className={styles.field}>
          <label htmlFor={`${scopeId}-status`}>Status</label>
          <select id={`${scopeId}-status`} value={form.status} onChange={(event) => setForm({ ...form, status: event.target.value })}>
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        </div>
        {field("requestId", "Request id")}
        {field("tag", "Tag")}
        <div className={styles.actions}>
          <button type="submit">Apply filters</button>
          <a href={csvHref(everyTeam ? null : teamId, applied)} download>
            Download CSV
          </a>
        </div>
      </form>

      <div className={`${styles.layout} ${selected ? styles.withDetail : ""}`}>
        <section aria-label="Requests" className="stack">
          {page.error && (
            <p role="alert" className="error">
              Could not load requests: {page.error}
            </p>
          )}
          {page.loading && <p aria-busy="true">Loading requests…</p>}
          {page.data &&
            (page.data.rows.length === 0 ? (
              <p className="card">No requests match these filters.</p>
            ) : (
              <LogsTable rows={page.data.rows} selected={selected} onSelect={onSelect} showTeam={everyTeam} />
            ))}
          <nav aria-label="Pages" className={styles.actions}>
            <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </button>
            <span className="muted">Page {cursors.length}</span>
            <button type="button" className="secondary" disabled={!page.data?.next} onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}>
              Older
            </button>
          </nav>
        </section>
        {selected && <LogDetail teamId={everyTeam ? null : teamId} requestId={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}
