"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { KeyUpdate } from "@/server/services/keys/key-input";
import { trpc } from "../../trpc-client";
import { NoTeamYet, TeamSelect, useMyTeams, useShownTeam } from "../team-choice";
import { KeyFormCard } from "./create-key-form";
import { KeysTable, type KeySummary } from "./keys-table";

export function KeysPanel() {
  const myTeams = useMyTeams();
  const { teams, team, teamId, setTeamId, problem: teamsProblem } = myTeams;
  const [keys, setKeys] = useState<KeySummary[]>();
  const [shownKey, setShownKey] = useState<{ alias: string | null; key: string }>();
  const [editing, setEditing] = useState<KeySummary>();
  const [problem, setProblem] = useState<string>();

  const shownTeam = useShownTeam(teamId);
  const notice = useRef<HTMLDivElement>(null);
  const focusBefore = useRef<HTMLElement | null>(null);

  // A new key is what the admin must act on (copy it): focus goes there, and back on Done.
  useEffect(() => {
    if (shownKey) notice.current?.focus();
  }, [shownKey]);

  /** `returnTo`: where focus goes when the notice closes (the button that made the key), taken before it was disabled. */
  const showKey = (shown: { alias: string | null; key: string }, returnTo: Element | null) => {
    focusBefore.current = returnTo instanceof HTMLElement && returnTo !== document.body ? returnTo : null;
    setShownKey(shown);
  };

  const closeNotice = () => {
    setShownKey(undefined);
    const back = focusBefore.current;
    // The button that made the key may be gone (a regenerate's confirm button): then the top of the content.
    requestAnimationFrame(() => (back?.isConnected ? back : document.getElementById("content"))?.focus());
  };

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
  if (teams.length === 0) return <NoTeamYet myTeams={myTeams} />;
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
        <div className="notice" role="region" aria-labelledby="new-key-heading" tabIndex={-1} ref={notice}>
          <h2 id="new-key-heading">New key {shownKey.alias}</h2>
          <p>Copy it now: it will not be shown again.</p>
          <code data-testid="new-key">{shownKey.key}</code>{" "}
          <div className="row">
            <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(shownKey.key)}>
              Copy
            </button>
            <button type="button" onClick={closeNotice}>
              Done
            </button>
          </div>
        </div>
      )}
      {canChange && teamId && editing?.manageable && (
        <KeyFormCard
          key={editing.id}
          title={`Edit ${editing.alias ?? editing.preview}`}
          teamId={teamId}
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
          teamId={teamId}
          submitLabel="Create key"
          onSubmit={async (form: KeyUpdate) => {
            const returnTo = document.activeElement;
            const created = await trpc.keys.create.mutate({ teamId, ...form, duration: form.duration ?? null });
            showKey({ alias: created.summary.alias, key: created.key }, returnTo);
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
              showKey({ alias: regenerated.summary.alias, key: regenerated.key }, null);
            })
          }
        />
      )}
    </div>
  );
}
