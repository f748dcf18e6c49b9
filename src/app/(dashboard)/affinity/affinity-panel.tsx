"use client";

import { TRPCClientError } from "@trpc/client";
import { useId, useState, type FormEvent } from "react";
import { trpc } from "../../trpc-client";
import { NoTeamYet, TeamSelect, useMyTeams } from "../team-choice";
import styles from "./affinity.module.css";
import { AffinityResult, type AffinityRecord } from "./affinity-result";
import { refToSend } from "./ref-to-send";

type Outcome = { state: "found"; record: AffinityRecord } | { state: "not_found" } | { state: "error"; message: string };

export function AffinityPanel() {
  const myTeams = useMyTeams();
  const { mine, teamId, setTeamId, problem } = myTeams;
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();

  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!mine) return <p aria-busy="true">Loading…</p>;
  if (!teamId) return <NoTeamYet myTeams={myTeams} />;

  async function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const pasted = String(new FormData(event.currentTarget).get("ref") ?? "");
    if (pasted.trim() === "" || !teamId) return;
    setBusy(true);
    try {
      setOutcome({ state: "found", record: await trpc.affinity.lookup.query({ teamId, ref: await refToSend(pasted) }) });
    } catch (error) {
      if (error instanceof TRPCClientError && error.data?.code === "NOT_FOUND") setOutcome({ state: "not_found" });
      else setOutcome({ state: "error", message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <TeamSelect
        teams={mine.teams}
        teamId={teamId}
        onChange={(id) => {
          setTeamId(id);
          setOutcome(undefined);
        }}
      />
      <form onSubmit={lookUp} className={`card ${styles.form}`} aria-label="Look up a response">
        <div className={styles.ref}>
          <label htmlFor={inputId}>Response id or item id</label>
          <input id={inputId} name="ref" required autoComplete="off" spellCheck={false} placeholder="resp_… or msg_…" aria-describedby={hintId} />
          <span id={hintId} className="muted">
            An encrypted_content blob, a thinking block&apos;s signature or a redacted_thinking block&apos;s data works too: it is fingerprinted in your browser and only the fingerprint is
            sent.
          </span>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Looking up…" : "Look up"}
        </button>
      </form>
      <div aria-live="polite">
        {outcome?.state === "found" && <AffinityResult record={outcome.record} />}
        {outcome?.state === "not_found" && (
          <p className="card" role="status">
            Not found in this team. It may belong to another team, have expired, or never have passed through this gateway.
          </p>
        )}
        {outcome?.state === "error" && (
          <p role="alert" className="error">
            Could not look it up: {outcome.message}
          </p>
        )}
      </div>
    </div>
  );
}
