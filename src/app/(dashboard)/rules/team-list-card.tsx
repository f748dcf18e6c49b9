"use client";

import { useState } from "react";
import { EntryList, type Coverage } from "./entry-list";
import { ModelListForm } from "./model-list-form";

export const listHelp = "One entry per line or comma-separated: a model group, an access group, or a pattern where * matches anything (anthropic/*, gpt-*-mini).";

export function TeamListCard(props: { teamId: string; models: readonly string[]; coverage: Coverage | undefined; canChange: boolean; onSave: (models: string[]) => Promise<void> }) {
  const [saved, setSaved] = useState(false);
  return (
    <section className="card stack" aria-labelledby="team-list-heading">
      <h2 id="team-list-heading">Team allow-list</h2>
      <p className="muted">Every key of the team is limited to these; a key&apos;s own list can only narrow them.</p>
      <EntryList models={props.models} coverage={props.coverage} empty="Empty: the team may use every model." />
      {props.canChange ? (
        <ModelListForm
          key={`${props.teamId}:${props.models.join("\n")}`}
          label="Team's allowed models"
          help={`${listHelp} Empty: every model.`}
          initial={props.models}
          submitLabel="Save team list"
          onSave={async (models) => {
            setSaved(false);
            await props.onSave(models);
            setSaved(true);
          }}
        />
      ) : (
        <p className="muted">Only team admins and owners can change it.</p>
      )}
      <p role="status" className="muted">
        {saved ? "Team list saved. The gateway enforces it from the next request." : ""}
      </p>
    </section>
  );
}
