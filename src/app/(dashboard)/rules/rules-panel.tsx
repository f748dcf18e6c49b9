"use client";

import { useCallback, useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { AccessTester } from "./access-tester";
import type { Coverage } from "./entry-list";
import { KeyListsTable } from "./key-lists-table";
import { TeamListCard } from "./team-list-card";
import { NoTeamYet, TeamSelect, useMyTeams, useShownTeam } from "../team-choice";

type Rules = Awaited<ReturnType<typeof trpc.rules.get.query>>;

export function RulesPanel() {
  const myTeams = useMyTeams();
  const { teams, team, teamId, setTeamId, problem: teamsProblem } = myTeams;
  const [rules, setRules] = useState<Rules>();
  const [coverage, setCoverage] = useState<Coverage>();
  const [revision, setRevision] = useState(0);
  const [problem, setProblem] = useState<string>();
  const shownTeam = useShownTeam(teamId);

  const reload = useCallback(async () => {
    if (!teamId) return;
    const [nextRules, nextCoverage] = await Promise.all([trpc.rules.get.query({ teamId }), trpc.rules.coverage.query({ teamId })]);
    if (shownTeam.current !== teamId) return; // the team was switched meanwhile
    setRules(nextRules);
    setCoverage(nextCoverage);
    setRevision((current) => current + 1);
  }, [teamId, shownTeam]);

  useEffect(() => {
    setRules(undefined);
    setCoverage(undefined);
    setProblem(undefined);
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

  if (teamsProblem)
    return (
      <p role="alert" className="error">
        {teamsProblem}
      </p>
    );
  if (!teams) return <p aria-busy="true">Loading…</p>;
  if (teams.length === 0) return <NoTeamYet myTeams={myTeams} />;
  const canChange = team?.role === "admin" || team?.role === "owner";
  // Saving reloads, so the lists, the coverage and the tester's answer all follow the change.
  const saveThenReload = async (save: () => Promise<unknown>) => {
    await save();
    await reload();
  };

  return (
    <div className="stack">
      <TeamSelect teams={teams} teamId={teamId} onChange={setTeamId} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {!rules || !teamId ? (
        !problem && <p aria-busy="true">Loading the team&apos;s rules…</p>
      ) : (
        <>
          <TeamListCard
            key={teamId}
            teamId={teamId}
            models={rules.team.models}
            coverage={coverage}
            canChange={canChange}
            onSave={(models) => saveThenReload(() => trpc.rules.setTeamModels.mutate({ teamId, models }))}
          />
          <AccessTester teamId={teamId} keys={rules.keys} revision={revision} />
          <KeyListsTable
            teamId={teamId}
            keys={rules.keys}
            coverage={coverage}
            canChange={canChange}
            onSave={(id, models) => saveThenReload(() => trpc.rules.setKeyModels.mutate({ teamId, id, models }))}
          />
          {coverage && (
            <p className="muted">
              Coverage: how many of {coverage.knownNames} known names each entry matches (the config&apos;s model groups, and the models of cost-map version {coverage.costMapVersion}, bare
              and as provider/model).
            </p>
          )}
        </>
      )}
    </div>
  );
}
