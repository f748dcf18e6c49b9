"use client";

import { useState, type FormEvent } from "react";
import { maxUploadChars, previewInputSchema } from "@/server/services/cost-map/cost-map-input";
import styles from "./cost-map.module.css";
import type { Overview } from "./cost-map-types";
import { describeSource, formatDate } from "./format";
import { Problem, ProgressNote } from "./progress-note";

export type PreviewRequest = { kind: "configured" } | { kind: "url"; url: string } | { kind: "file"; file: File };

function ScheduleStatus({ schedule }: { schedule: Overview["schedule"] }) {
  return (
    <dl className={styles.facts}>
      <dt>Scheduled reload</dt>
      <dd>{schedule.scheduled ? `every ${schedule.intervalHours} hours, next ${formatDate(schedule.nextRun)}` : "none"}</dd>
      <dt>Last reload</dt>
      <dd>{formatDate(schedule.lastRun)}</dd>
      {schedule.lastError && (
        <>
          <dt>Last reload failed</dt>
          <dd className="error">{schedule.lastError}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * Where a new map comes from: the configured source, a URL or a file read in the browser.
 * One preview at a time: while one is shown it must be applied or discarded first.
 */
export function ReloadPanel(props: { overview: Overview; busy: boolean; previewShown: boolean; progress?: string; problem?: string; onPreview: (request: PreviewRequest) => void }) {
  const [formProblem, setFormProblem] = useState<string>();
  const { configuredSource, schedule, canChange } = props.overview;
  const disabled = props.busy || props.previewShown;

  function submitUrl(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const url = String(new FormData(event.currentTarget).get("url") ?? "").trim();
    const parsed = previewInputSchema.safeParse({ url });
    if (!parsed.success) return setFormProblem(parsed.error.issues[0]?.message ?? "Give an http(s) URL");
    setFormProblem(undefined);
    props.onPreview({ kind: "url", url });
  }

  function submitFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.name === "") return setFormProblem("Choose a JSON file first");
    if (file.size > maxUploadChars) return setFormProblem(`${file.name} is over 10 MB`);
    setFormProblem(undefined);
    props.onPreview({ kind: "file", file });
  }

  return (
    <section className="card stack" aria-labelledby="reload-heading" aria-busy={props.progress !== undefined}>
      <h2 id="reload-heading">Reload</h2>
      <p>
        Reloads come from <span data-testid="configured-source">{describeSource(configuredSource.kind, configuredSource.location)}</span>.
      </p>
      <ScheduleStatus schedule={schedule} />
      {!canChange ? (
        <p className="muted">Only instance admins can preview, apply or roll back cost maps.</p>
      ) : (
        <>
          {props.previewShown && <p className="muted">Apply or discard the preview below before starting another.</p>}
          <div>
            <button
              type="button"
              disabled={disabled}
              onClick={() => {
                setFormProblem(undefined);
                props.onPreview({ kind: "configured" });
              }}
            >
              Preview the configured source
            </button>
          </div>
          <form className={`row ${styles.fieldset}`} onSubmit={submitUrl} aria-label="Preview from a URL" noValidate>
            <label className={styles.grow}>
              Cost map URL
              <input name="url" type="url" inputMode="url" placeholder="https://…/model_prices_and_context_window.json" maxLength={2048} disabled={disabled} />
            </label>
            <button type="submit" className="secondary" disabled={disabled}>
              Preview URL
            </button>
          </form>
          <form className={`row ${styles.fieldset}`} onSubmit={submitFile} aria-label="Preview a file" noValidate>
            <label className={styles.grow}>
              Cost map file (JSON, up to 10 MB)
              <input name="file" type="file" accept=".json,application/json" disabled={disabled} />
            </label>
            <button type="submit" className="secondary" disabled={disabled}>
              Preview file
            </button>
          </form>
          <ProgressNote text={props.progress} />
          <Problem message={formProblem ?? props.problem} />
        </>
      )}
    </section>
  );
}
