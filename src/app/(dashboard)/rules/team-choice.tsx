"use client";

import { useEffect, useState } from "react";
import { trpc } from "../../trpc-client";

export type Team = Awaited<ReturnType<typeof trpc.teams.mine.query>>["teams"][number];

/** The caller's teams and the one chosen (the first, until they pick another). */
export function useTeamChoice() {
  const [teams, setTeams] = useState<Team[]>();
  const [teamId, setTeamId] = useState<string>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    trpc.teams.mine.query().then(
      (mine) => {
        setTeams(mine.teams);
        setTeamId((current) => current ?? mine.teams[0]?.teamId);
      },
      (error: Error) => setProblem(error.message),
    );
  }, []);
  const team = teams?.find((candidate) => candidate.teamId === teamId);
  return { teams, team, teamId, setTeamId, problem };
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
