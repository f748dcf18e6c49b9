"use client";

import { useEffect, useId, useState } from "react";
import { trpc } from "../../trpc-client";
import styles from "./spend.module.css";

export type Mine = Awaited<ReturnType<typeof trpc.teams.mine.query>>;

/** The caller's teams (and whether they are an instance admin), with the chosen team. */
export function useMyTeams() {
  const [mine, setMine] = useState<Mine>();
  const [teamId, setTeamId] = useState<string>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    trpc.teams.mine.query().then(
      (result) => {
        setMine(result);
        setTeamId((current) => current ?? result.teams[0]?.teamId);
      },
      (error: Error) => setProblem(error.message),
    );
  }, []);
  return { mine, teamId, setTeamId, problem };
}

/**
 * The team switcher, labelled "Team" as on the Keys page. The label is not wrapped around the
 * select, so the select's name is "Team" alone, not "Team" plus the chosen option.
 */
export function TeamSelect(props: { teams: Mine["teams"]; value: string | undefined; onChange: (teamId: string) => void }) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Team</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.teams.map((team) => (
          <option key={team.teamId} value={team.teamId}>
            {team.teamAlias ?? team.teamId} ({team.role})
          </option>
        ))}
      </select>
    </div>
  );
}
