"use client";

import { useEffect, useId, useRef, useState } from "react";
import { trpc } from "../../trpc-client";
import type { KeyRules } from "./key-lists-table";
import { readModelList } from "./model-list-form";
import styles from "./rules.module.css";

type Answer = Awaited<ReturnType<typeof trpc.rules.test.mutate>>;
type Mode = "team" | "key" | "draft";
type State = { kind: "idle" } | { kind: "answered"; answer: Answer } | { kind: "problem"; message: string };

const debounceMs = 200;
const listName = { team: "the team list", key: "the key's list" } as const;

function ruleText(rule: Answer["rules"][number]): string {
  // An alias is allowed through the model group it names when the list allows that group.
  const it = rule.aliasGroup ?? "it";
  const how = rule.via === "pattern" ? `matches ${it} as ${rule.matchedName}` : rule.via === "access_group" ? `is an access group that includes ${it}` : `names ${it} exactly`;
  const alias = rule.aliasGroup === null ? "" : ", the model group this alias stands for";
  return `${listName[rule.level]}: ${rule.entry} ${how}${alias}`;
}

/** Allowed by the lists but served by no deployment: the real request gets 404, so it must not read as a plain "Allowed". */
const unroutable = (answer: Answer) => answer.allowed && answer.route === null;

function Verdict({ answer }: { answer: Answer }) {
  return (
    <>
      <p>
        <span className={styles.headline}>{unroutable(answer) ? "Allowed but unroutable" : answer.allowed ? "Allowed" : "Refused"}</span> <code>{answer.model}</code>
      </p>
      {unroutable(answer) && <p>The lists allow it, but no deployment serves this model: a real request gets 404 model not found.</p>}
      {answer.allowed ? (
        answer.rules.length === 0 ? (
          <p>No list limits it: the team and the key may use every model.</p>
        ) : (
          answer.rules.map((rule) => <p key={rule.level}>Allowed by {ruleText(rule)}.</p>)
        )
      ) : (
        <p>
          Refused by {listName[answer.refusal!.level]}: none of {answer.refusal!.list.join(", ")} matches {answer.model} or any name it goes by.
        </p>
      )}
    </>
  );
}

function Facts({ answer }: { answer: Answer }) {
  return (
    <dl className={styles.facts}>
      <dt>Goes by</dt>
      <dd>{answer.names.join(", ")}</dd>
      <dt>{answer.allowed ? "Routes to" : "Would route to"}</dt>
      <dd>
        {answer.route
          ? `model group ${answer.route.modelGroup}${answer.route.model !== answer.route.modelGroup ? ` as ${answer.route.model}` : ""}`
          : "no model group serves it (the gateway answers model not found)"}
      </dd>
      <dt>Cost map</dt>
      <dd>version {answer.costMapVersion}</dd>
    </dl>
  );
}

/**
 * Type a model and see, as you type, what the gateway would do: the same policy the gateway
 * enforces, against the saved team list, a stored key, or a draft key list.
 */
export function AccessTester(props: { teamId: string; keys: KeyRules[]; revision: number }) {
  const [model, setModel] = useState("");
  const [mode, setMode] = useState<Mode>("team");
  const [keyId, setKeyId] = useState<string>();
  const [draft, setDraft] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });
  // The last answer stays up while the next is on its way, so typing does not flicker.
  const [pending, setPending] = useState(false);
  const latest = useRef(0);
  const id = useId();
  const chosenKey = props.keys.find((key) => key.id === keyId)?.id ?? props.keys[0]?.id;

  useEffect(() => {
    const asked = ++latest.current;
    const name = model.trim();
    const settle = (next: State) => {
      setPending(false);
      setState(next);
    };
    if (name === "") return settle({ kind: "idle" });
    let input: { teamId: string; model: string; keyId?: string; models?: string[] } = { teamId: props.teamId, model: name };
    if (mode === "key") {
      if (!chosenKey) return settle({ kind: "problem", message: "This team has no keys to test." });
      input = { ...input, keyId: chosenKey };
    } else if (mode === "draft") {
      const read = readModelList(draft);
      if (!read.ok) return settle({ kind: "problem", message: read.problem });
      input = { ...input, models: read.models };
    }
    setPending(true);
    const timer = setTimeout(() => {
      trpc.rules.test.mutate(input).then(
        (answer) => {
          if (asked === latest.current) settle({ kind: "answered", answer });
        },
        (error: Error) => {
          if (asked === latest.current) settle({ kind: "problem", message: error.message });
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [model, mode, chosenKey, draft, props.teamId, props.revision]);

  const tone = state.kind === "answered" ? (unroutable(state.answer) ? styles.unroutable : state.answer.allowed ? styles.allowed : styles.refused) : "";
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Try a model</h2>
      <label>
        Model to test
        <input value={model} onChange={(event) => setModel(event.target.value)} placeholder="claude-sonnet-4-5" autoComplete="off" spellCheck={false} autoCapitalize="off" maxLength={512} />
      </label>
      <fieldset className={styles.modes}>
        <legend>Test against</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === "team"} onChange={() => setMode("team")} />
          The team list
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === "key"} onChange={() => setMode("key")} disabled={props.keys.length === 0} />A key
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === "draft"} onChange={() => setMode("draft")} />A draft key list
        </label>
      </fieldset>
      {mode === "key" && props.keys.length > 0 && (
        <label>
          Key
          <select value={chosenKey} onChange={(event) => setKeyId(event.target.value)}>
            {props.keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.alias ?? "—"} ({key.preview})
              </option>
            ))}
          </select>
        </label>
      )}
      {mode === "draft" && (
        <label>
          Draft key list (under the team list; one entry per line or comma-separated)
          <textarea className={styles.textarea} value={draft} onChange={(event) => setDraft(event.target.value)} spellCheck={false} autoCapitalize="off" placeholder={"claude-*\ngpt-4o"} />
        </label>
      )}
      <div className={`${styles.verdict} ${tone} ${pending ? styles.stale : ""}`} data-testid="access-verdict">
        <div role="status" aria-live="polite" aria-busy={pending}>
          {state.kind === "idle" && <p className="muted">{pending ? "Checking…" : "Type a model name to see whether it is allowed, by which rule, and where it would go."}</p>}
          {state.kind === "problem" && <p className="error">{state.message}</p>}
          {state.kind === "answered" && <Verdict answer={state.answer} />}
        </div>
        {state.kind === "answered" && <Facts answer={state.answer} />}
      </div>
    </section>
  );
}
