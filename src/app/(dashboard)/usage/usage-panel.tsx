"use client";

import { useEffect, useId, useState } from "react";
import { useMyTeams } from "../team-choice";
import styles from "../logs/logs.module.css";
import { UsageView } from "./usage-view";

const allTeams = "*";
const zoneStorage = "switchyard.reportingTimeZone";
const dimensions = { model: "Model", key: "Key", user: "User", tag: "Tag", team: "Team" } as const;
export type Dimension = keyof typeof dimensions;

/** The reporting time zone: chosen once, kept in this browser; UTC until then. */
function useReportingTimeZone(): [string, (zone: string) => void] {
  const [zone, setZone] = useState("UTC");
  useEffect(() => {
    const saved = window.localStorage.getItem(zoneStorage);
    if (saved) setZone(saved);
  }, []);
  return [
    zone,
    (next) => {
      window.localStorage.setItem(zoneStorage, next);
      setZone(next);
    },
  ];
}

export function UsagePanel() {
  const { mine, teamId, setTeamId, problem } = useMyTeams();
  const [days, setDays] = useState(30);
  const [by, setBy] = useState<Dimension>("model");
  const [timeZone, setTimeZone] = useReportingTimeZone();
  const id = useId();
  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!mine) return <p aria-busy="true">Loading…</p>;
  if (!teamId) return <p>You are not in any team yet. Ask an admin to add you.</p>;
  const instance = teamId === allTeams;
  const offered: Dimension[] = instance ? ["team", "model", "tag"] : ["model", "key", "user", "tag"];
  const shownBy = offered.includes(by) ? by : "model";
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  return (
    <div className="stack">
      <div className={`card ${styles.filters}`}>
        <div className={styles.field}>
          <label htmlFor={`${id}-team`}>Team</label>
          <select id={`${id}-team`} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            {mine.user.isAdmin && <option value={allTeams}>All teams</option>}
            {mine.teams.map((team) => (
              <option key={team.teamId} value={team.teamId}>
                {team.teamAlias ?? team.teamId}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-days`}>Range</label>
          <select id={`${id}-days`} value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {[7, 30, 90, 365].map((count) => (
              <option key={count} value={count}>
                Last {count} days
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-by`}>Break down by</label>
          <select id={`${id}-by`} value={shownBy} onChange={(event) => setBy(event.target.value as Dimension)}>
            {offered.map((dimension) => (
              <option key={dimension} value={dimension}>
                {dimensions[dimension]}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-zone`}>Reporting time zone</label>
          <select id={`${id}-zone`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {["UTC", ...zones.filter((zone) => zone !== "UTC")].map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
      </div>
      <UsageView teamId={instance ? null : teamId} days={days} by={shownBy} timeZone={timeZone} />
    </div>
  );
}
