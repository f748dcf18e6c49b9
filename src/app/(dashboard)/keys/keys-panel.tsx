"use client";

import { useCallback, useEffect, useState } from "react";
import type { KeyUpdate } from "@/server/services/keys/key-input";
import { trpc } from "../../trpc-client";
import { TeamSelect, useMyTeams, useShownTeam } from "../team-choice";
import { KeyFormCard } from "./create-key-form";
import { KeysTable, type KeySummary } from "./keys-table";

export function KeysPanel() {
  const { teams, team, teamId, setTeamId, problem: teamsProblem } = useMyTeams();
  const [keys, setKeys] = useState<KeySummary[]>();
  const [shownKey, setShownKey] = useState<{ alias: string | null; key: string }>();
  const [editing, setEditing] = useState<KeySummary>();
  const [problem, setProblem] = useState<string>();

  const shownTeam = useShownTeam(teamId);

  const reload = useCallback(async () => {
    if (!teamId) return;
    const next = await trpc.keys.list.query({ teamId });
    if (shownTeam.current === teamId) setKeys(next); // an older team's list must not land last
  }, [teamId, shownTeam]);

  useEffect(() => {
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

  if (problem ?? teamsProblem)
    return (
      <p role="alert" className="error">
        {problem ?? teamsProblem}
      </p>
    );
  if (!teams) return <p aria-busy="true">Loading…</p>;
  if (teams.length === 0) return <p>You are not in any team yet. Ask an admin to add you.</p>;
  const canChange = team?.role === "admin" || team?.role === "owner";

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await reload();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <div className="stack">
      <TeamSelect teams={teams} teamId={teamId} onChange={setTeamId} />
      {shownKey && (
        <div className="notice" role="status">
          <p>
            New key <strong>{shownKey.alias}</strong>. Copy it now: it will not be shown again.
          </p>
          <code data-testid="new-key">{shownKey.key}</code>{" "}
          <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(shownKey.key)}>
            Copy
          </button>
        </div>
      )}
      {canChange && teamId && editing?.manageable && (
        <KeyFormCard
          key={editing.id}
          title={`Edit ${editing.alias ?? editing.preview}`}
          submitLabel="Save changes"
          initial={{ ...editing, alias: editing.alias ?? "" }}
          onCancel={() => setEditing(undefined)}
          onSubmit={async (form: KeyUpdate) => {
            await trpc.keys.update.mutate({ teamId, id: editing.id, ...form });
            setEditing(undefined);
            await reload();
          }}
        />
      )}
      {canChange && teamId && !editing && (
        <KeyFormCard
          title="Create a key"
          submitLabel="Create key"
          onSubmit={async (form: KeyUpdate) => {
            const created = await trpc.keys.create.mutate({ teamId, ...form, duration: form.duration ?? null });
            setShownKey({ alias: created.summary.alias, key: created.key });
            await reload();
          }}
        />
      )}
      {keys === undefined ? (
        <p aria-busy="true">Loading keys…</p>
      ) : (
        <KeysTable
          keys={keys}
          canChange={canChange}
          onEdit={(key) => setEditing(key)}
          onBlock={(id, blocked) => act(() => trpc.keys.setBlocked.mutate({ teamId: teamId!, id, blocked }))}
          onDelete={(id) => act(() => trpc.keys.delete.mutate({ teamId: teamId!, id }))}
          onRegenerate={(id) =>
            act(async () => {
              const regenerated = await trpc.keys.regenerate.mutate({ teamId: teamId!, id });
              setShownKey({ alias: regenerated.summary.alias, key: regenerated.key });
            })
          }
        />
      )}
    </div>
  );
}
