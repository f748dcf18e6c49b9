"use client";

import { useCallback, useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { NoTeamYet, TeamSelect, useMyTeams, useShownTeam } from "../team-choice";
import { AuditTable } from "./audit-table";
import { InstanceAudit } from "./instance-audit";

type AuditRow = Awaited<ReturnType<typeof trpc.audit.list.query>>[number];

/** The team's trail, and for instance admins the instance-wide one below it. */
export function AuditPanel() {
  const myTeams = useMyTeams();
  return (
    <div className="stack">
      <TeamAudit myTeams={myTeams} />
      {myTeams.mine?.user.isAdmin && <InstanceAudit />}
    </div>
  );
}

function TeamAudit({ myTeams }: { myTeams: ReturnType<typeof useMyTeams> }) {
  const { teams, teamId, setTeamId, problem: teamsProblem } = myTeams;
  const [rows, setRows] = useState<AuditRow[]>();
  const [problem, setProblem] = useState<string>();
  const shownTeam = useShownTeam(teamId);

  const reload = useCallback(async () => {
    if (!teamId) return;
    const next = await trpc.audit.list.query({ teamId });
    if (shownTeam.current === teamId) setRows(next);
  }, [teamId, shownTeam]);

  useEffect(() => {
    setRows(undefined);
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
        <AuditTable rows={rows} caption={`The team's latest ${rows.length} changes, newest first`} label="Team changes" />
      )}
    </div>
  );
}
