"use client";

import { useEffect, useRef, useState } from "react";
import type { trpc } from "../../trpc-client";
import { EntryList, type Coverage } from "./entry-list";
import { ModelListForm } from "./model-list-form";
import { listHelp } from "./team-list-card";

export type KeyRules = Awaited<ReturnType<typeof trpc.rules.get.query>>["keys"][number];

const nameOf = (key: KeyRules) => key.alias ?? key.preview;

export function KeyListsTable(props: { teamId: string; keys: KeyRules[]; coverage: Coverage | undefined; canChange: boolean; onSave: (id: string, models: string[]) => Promise<void> }) {
  const [editing, setEditing] = useState<string>();
  const [returnFocusTo, setReturnFocusTo] = useState<string>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  // Back to the row's Edit button once its editor closes, so keyboard users keep their place.
  useEffect(() => {
    if (returnFocusTo && editing === undefined) buttons.current.get(returnFocusTo)?.focus();
  }, [editing, returnFocusTo]);

  const close = (id: string) => {
    setReturnFocusTo(id);
    setEditing(undefined);
  };

  return (
    <section className="card stack" aria-labelledby="key-lists-heading">
      <h2 id="key-lists-heading">Key allow-lists</h2>
      {props.keys.length === 0 ? (
        <p className="muted">No keys in this team yet. Create one on the Keys page.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Allowed models</th>
                {props.canChange && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {props.keys.map((key) => (
                <tr key={key.id}>
                  <td>
                    {key.alias ?? "—"}
                    <br />
                    <code className="muted">{key.preview}</code>
                  </td>
                  <td>
                    {editing === key.id ? (
                      <ModelListForm
                        label={`Allowed models for ${nameOf(key)}`}
                        help={`${listHelp} Empty: as the team.`}
                        initial={key.models}
                        submitLabel="Save key list"
                        autoFocus
                        warnForTeam={props.teamId}
                        onCancel={() => close(key.id)}
                        onSave={async (models) => {
                          await props.onSave(key.id, models);
                          close(key.id);
                        }}
                      />
                    ) : (
                      <EntryList models={key.models} coverage={props.coverage} empty="As the team" />
                    )}
                  </td>
                  {props.canChange && (
                    <td>
                      {editing !== key.id && (
                        <button
                          type="button"
                          className="secondary"
                          ref={(element) => {
                            if (element) buttons.current.set(key.id, element);
                            else buttons.current.delete(key.id);
                          }}
                          onClick={() => setEditing(key.id)}
                          aria-label={`Edit allowed models for ${nameOf(key)}`}
                        >
                          Edit
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
