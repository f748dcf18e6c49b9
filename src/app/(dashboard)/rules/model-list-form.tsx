"use client";

import { useId, useState, type FormEvent } from "react";
import { modelListSchema, splitModelList } from "@/server/services/rules/model-list";
import { KeyListWarnings, useKeyListWarnings } from "./key-list-warnings";
import styles from "./rules.module.css";

/** Reads the editor's text into the list the server takes, checked with the same schema. */
export function readModelList(text: string) {
  const parsed = modelListSchema.safeParse(splitModelList(text));
  if (parsed.success) return { ok: true as const, models: parsed.data };
  return { ok: false as const, problem: parsed.error.issues.map((issue) => (issue.path.length ? `Entry ${Number(issue.path[0]) + 1}: ${issue.message}` : issue.message)).join("; ") };
}

export function ModelListForm(props: {
  label: string;
  help: string;
  initial: readonly string[];
  submitLabel: string;
  onSave: (models: string[]) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
  /** A key's list: warn, as it is typed, about names nothing serves or the team refuses. */
  warnForTeam?: string;
}) {
  const [text, setText] = useState(props.initial.join("\n"));
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const warnings = useKeyListWarnings(props.warnForTeam, splitModelList(text));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readModelList(text);
    if (!read.ok) return setProblem(read.problem);
    setBusy(true);
    setProblem(undefined);
    try {
      await props.onSave(read.models);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack">
      <label htmlFor={`${id}-models`}>{props.label}</label>
      <textarea
        id={`${id}-models`}
        className={styles.textarea}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-describedby={`${id}-help`}
        aria-invalid={problem !== undefined}
        autoFocus={props.autoFocus}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        placeholder={"gpt-4o\nanthropic/*"}
        onKeyDown={(event) => {
          if (event.key === "Escape" && props.onCancel) props.onCancel();
        }}
      />
      <p id={`${id}-help`} className="muted">
        {props.help}
      </p>
      {props.warnForTeam && <KeyListWarnings warnings={warnings} />}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
