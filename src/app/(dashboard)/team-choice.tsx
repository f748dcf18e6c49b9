"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
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

/**
 * What someone in no team sees. An instance admin (on a fresh install, the first one) can create
 * the first team here, owned by them, instead of being told to ask an admin: they are the admin.
 */
export function NoTeamYet({ myTeams }: { myTeams: ReturnType<typeof useMyTeams> }) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!myTeams.mine?.user.isAdmin) return <p>You are not in any team yet. Ask an instance admin to add you.</p>;

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const alias = String(new FormData(event.currentTarget).get("alias") ?? "").trim();
    if (!alias) return setProblem("Give the team a name");
    setBusy(true);
    try {
      const created = await trpc.teams.create.mutate({ alias });
      await myTeams.reload();
      myTeams.setTeamId(created.teamId);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={create} className="card stack" aria-labelledby="first-team-heading">
      <h2 id="first-team-heading">Create your first team</h2>
      <p>Keys, model rules, spend and members all belong to a team. There is none yet: name one to start. You will be its owner.</p>
      <div className="row">
        <label>
          Team name
          <input name="alias" required maxLength={128} defaultValue="Default team" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create team"}
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
