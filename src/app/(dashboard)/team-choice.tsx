"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { trpc } from "../trpc-client";

export type Mine = Awaited<ReturnType<typeof trpc.teams.mine.query>>;
export type Team = Mine["teams"][number];

/** The caller's teams (and whether they are an instance admin), and the one chosen: the first until they pick another. */
export function useMyTeams() {
  const [mine, setMine] = useState<Mine>();
  const [teamId, setTeamId] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const reload = useCallback(
    () =>
      trpc.teams.mine.query().then(
        (result) => {
          setMine(result);
          setTeamId((current) => current ?? result.teams[0]?.teamId);
        },
        (error: Error) => setProblem(error.message),
      ),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  const teams = mine?.teams;
  const team = teams?.find((candidate) => candidate.teamId === teamId);
  return { mine, teams, team, teamId, setTeamId, problem, reload };
}

/**
 * The team switcher. The label is not wrapped around the select, so the select's accessible
 * name is "Team" alone, not "Team" plus the chosen option.
 */
/**
 * The team on screen now, for answers that arrive late: a list asked for an earlier team must not
 * replace the current team's when its answer lands last.
 */
export function useShownTeam(teamId: string | undefined) {
  const shownTeam = useRef(teamId);
  useEffect(() => {
    shownTeam.current = teamId;
  }, [teamId]);
  return shownTeam;
}

export function TeamSelect(props: { teams: Team[]; teamId: string | undefined; onChange: (teamId: string) => void }) {
  return (
    <div className="stack">
      <label htmlFor="team-select">Team</label>
      <select id="team-select" value={props.teamId} onChange={(event) => props.onChange(event.target.value)}>
        {props.teams.map((team) => (
          <option key={team.teamId} value={team.teamId}>
            {team.teamAlias ?? team.teamId} ({team.role})
          </option>
        ))}
      </select>
    </div>
  );
}
