"use client";

import { useId, useState } from "react";
import styles from "./spend.module.css";
import { NoTeamYet, TeamSelect, useMyTeams } from "../team-choice";
import { TeamSpendView } from "./team-spend-view";
import { TeamsSpendView } from "./teams-spend-view";

const ranges = [7, 30, 90, 365];

export function SpendPanel() {
  const myTeams = useMyTeams();
  const { mine, teamId, setTeamId, problem } = myTeams;
  const [days, setDays] = useState(30);
  const rangeId = useId();
  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!mine) return <p aria-busy="true">Loading…</p>;
  return (
    <div className="stack">
      <div className={styles.controls}>
        {mine.teams.length > 0 && <TeamSelect teams={mine.teams} teamId={teamId} onChange={setTeamId} />}
        <div className={styles.field}>
          <label htmlFor={rangeId}>Range</label>
          <select id={rangeId} value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {ranges.map((range) => (
              <option key={range} value={range}>
                Last {range} days
              </option>
            ))}
          </select>
        </div>
      </div>
      {teamId ? <TeamSpendView teamId={teamId} days={days} /> : <NoTeamYet myTeams={myTeams} />}
      {mine.user.isAdmin && <TeamsSpendView days={days} />}
    </div>
  );
}
