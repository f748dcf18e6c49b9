"use client";

import { useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { useMyTeams } from "../team-choice";

type TeamModels = Awaited<ReturnType<typeof trpc.models.forTeam.query>>;

/** Which model groups the chosen team's keys may reach (its model rules, access groups included). */
export function TeamModelsPanel() {
  const { teams, team, teamId, setTeamId } = useMyTeams();
  const [models, setModels] = useState<{ teamId: string; data: TeamModels }>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!teamId) return;
    let current = true;
    trpc.models.forTeam.query({ teamId }).then(
      (data) => current && setModels({ teamId, data }),
      (error: Error) => current && setProblem(error.message),
    );
    return () => {
      current = false;
    };
  }, [teamId]);

  if (!teams || teams.length === 0) return null;
  const shown = models && models.teamId === teamId ? models.data : undefined;
  return (
    <section className="card stack" aria-labelledby="team-models-heading">
      <h2 id="team-models-heading">Models your team may use</h2>
      {teams.length > 1 && (
        <div className="row">
          <label htmlFor="team-models-team">Team</label>
          <select id="team-models-team" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            {teams.map((candidate) => (
              <option key={candidate.teamId} value={candidate.teamId}>
                {candidate.teamAlias ?? candidate.teamId}
              </option>
            ))}
          </select>
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {shown && (
        <>
          <p className="muted">
            {team?.teamAlias ?? teamId}: {shown.teamModels.length === 0 ? "no model rule, so every model." : `rule ${shown.teamModels.join(", ")}.`}
          </p>
          {shown.allowed.length === 0 ? (
            <p>None of the configured models.</p>
          ) : (
            <ul aria-label="Allowed models">
              {shown.allowed.map((group) => (
                <li key={group}>
                  <code>{group}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
