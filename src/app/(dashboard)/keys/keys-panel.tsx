"use client";

import { useCallback, useEffect, useState } from "react";
import type { KeyForm } from "@/server/services/keys/key-input";
import { trpc } from "../../trpc-client";
import { KeyFormCard } from "./create-key-form";
import { KeysTable, type KeySummary } from "./keys-table";

type Teams = Awaited<ReturnType<typeof trpc.teams.mine.query>>["teams"];

export function KeysPanel() {
  const [teams, setTeams] = useState<Teams>();
  const [teamId, setTeamId] = useState<string>();
  const [keys, setKeys] = useState<KeySummary[]>();
  const [shownKey, setShownKey] = useState<{ alias: string | null; key: string }>();
  const [editing, setEditing] = useState<KeySummary>();
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

  const reload = useCallback(async () => {
    if (!teamId) return;
    setKeys(await trpc.keys.list.query({ teamId }));
  }, [teamId]);

  useEffect(() => {
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

  if (problem) return <p role="alert" className="error">{problem}</p>;
  if (!teams) return <p aria-busy="true">Loading…</p>;
  if (teams.length === 0) return <p>You are not in any team yet. Ask an admin to add you.</p>;
  const role = teams.find((team) => team.teamId === teamId)?.role;
  const canChange = role === "admin" || role === "owner";

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
      <div className="stack">
        <label htmlFor="team-select">Team</label>
        <select id="team-select" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          {teams.map((team) => (
            <option key={team.teamId} value={team.teamId}>
              {team.teamAlias ?? team.teamId} ({team.role})
            </option>
          ))}
        </select>
      </div>
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
      {canChange && teamId && editing && (
        <KeyFormCard
          key={editing.id}
          title={`Edit ${editing.alias ?? editing.preview}`}
          submitLabel="Save changes"
          initial={{ ...editing, alias: editing.alias ?? "" }}
          onCancel={() => setEditing(undefined)}
          onSubmit={async (form: KeyForm) => {
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
          onSubmit={async (form: KeyForm) => {
            const created = await trpc.keys.create.mutate({ teamId, ...form });
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
