"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import styles from "./cost-map.module.css";
import type { Preview } from "./cost-map-types";
import { countRows, describeFlag, diffFilters, diffRows, filterRows, formatFieldValue, isPriceField, type DiffFilter, type DiffRow, type FieldRow } from "./diff-rows";
import { formatCount } from "./format";
import { Problem, ProgressNote } from "./progress-note";

const pageSize = 100;
const tabLabels: Record<DiffFilter, string> = { all: "All", added: "Added", removed: "Removed", changed: "Changed", flagged: "Flagged" };

function FieldList({ label, fields }: { label: string; fields: FieldRow[] }) {
  return (
    <ul className={styles.fields} aria-label={label}>
      {fields.map((field) => (
        <li key={field.field} className={field.flagged ? styles.flaggedField : undefined}>
          <code>{field.field}</code>:{" "}
          {field.old === null || field.old === undefined ? null : (
            <>
              <code>{formatFieldValue(field.field, field.old)}</code>
              <span aria-hidden="true"> → </span>
              <span className={styles.srOnly}> becomes </span>
            </>
          )}
          <code>{formatFieldValue(field.field, field.new)}</code>
        </li>
      ))}
    </ul>
  );
}

/** A model's changes: prices first, then capability and limit fields, apart, so a price move is never lost among flag flips. */
function DiffItem({ row }: { row: DiffRow }) {
  const prices = row.fields.filter((field) => isPriceField(field.field));
  const others = row.fields.filter((field) => !isPriceField(field.field));
  return (
    <li className={row.flags.length > 0 ? `${styles.item} ${styles.flagged}` : styles.item}>
      <div className={styles.itemHead}>
        <code className={styles.model}>{row.model}</code>
        <span className={`${styles.badge} ${styles[row.kind]}`}>{row.kind}</span>
      </div>
      {row.flags.map((flag, index) => (
        <p key={`${flag.kind}-${index}`} className={styles.flag}>
          <span aria-hidden="true">⚠ </span>
          {describeFlag(flag)}
        </p>
      ))}
      {prices.length > 0 && (
        <div className={styles.fieldGroup}>
          <span className={styles.fieldGroupName}>{row.kind === "added" ? "Prices" : "Price changes"}</span>
          <FieldList label={`${row.kind === "added" ? "Prices" : "Price changes"} of ${row.model}`} fields={prices} />
        </div>
      )}
      {others.length > 0 && (
        <div className={styles.fieldGroup}>
          <span className={styles.fieldGroupName}>Capabilities and limits</span>
          <FieldList label={`Capability changes of ${row.model}`} fields={others} />
        </div>
      )}
    </li>
  );
}

/** Before a map is applied: what it does, and every flagged model by name. Native <dialog>: focus is kept inside, Escape cancels. */
function ApplyDialog(props: { dialog: RefObject<HTMLDialogElement | null>; preview: Preview; flagged: DiffRow[]; onConfirm: () => void }) {
  const shown = props.flagged.slice(0, 50);
  return (
    <dialog ref={props.dialog} className={styles.dialog} aria-labelledby="apply-dialog-heading">
      <h2 id="apply-dialog-heading">Apply this map?</h2>
      <p>
        Every request is priced with it from now on ({formatCount(props.preview.modelCount)} models, replacing version {props.preview.baseVersionId}). Any earlier version can be rolled back
        to.
      </p>
      {props.flagged.length === 0 ? (
        <p>No model is flagged.</p>
      ) : (
        <>
          <p className={styles.warning}>{props.flagged.length === 1 ? "1 model is flagged" : `${formatCount(props.flagged.length)} models are flagged`}:</p>
          <ul className={styles.dialogList} aria-label="Flagged models">
            {shown.map((row) => (
              <li key={row.model}>
                <code>{row.model}</code>: {row.flags.map(describeFlag).join("; ")}
              </li>
            ))}
          </ul>
          {props.flagged.length > shown.length && <p className="muted">and {formatCount(props.flagged.length - shown.length)} more (the Flagged tab lists them all).</p>}
        </>
      )}
      <form method="dialog" className="row">
        <button type="submit" value="apply" className={props.flagged.length > 0 ? "danger" : undefined} onClick={props.onConfirm}>
          {props.flagged.length > 0 ? "Apply with these flags" : "Apply now"}
        </button>
        <button type="submit" value="cancel" className="secondary" autoFocus>
          Cancel
        </button>
      </form>
    </dialog>
  );
}

/** What applying a preview would change: counts, filter tabs, a model search, flags; then apply or discard. */
export function DiffView(props: { preview: Preview; busy: boolean; progress?: string; problem?: string; onApply: () => void; onDiscard: () => void }) {
  const { preview } = props;
  const rows = useMemo(() => diffRows(preview), [preview]);
  const counts = useMemo(() => countRows(rows), [rows]);
  const [filter, setFilter] = useState<DiffFilter>("all");
  const [search, setSearch] = useState("");
  const [limit, setLimit] = useState(pageSize);
  const shown = useMemo(() => filterRows(rows, filter, search), [rows, filter, search]);
  const heading = useRef<HTMLHeadingElement>(null);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const dialog = useRef<HTMLDialogElement>(null);
  const flagged = useMemo(() => rows.filter((row) => row.flags.length > 0), [rows]);

  // A new preview is what the admin came for: take keyboard and screen-reader focus there.
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: "start" });
  }, [preview.previewId]);

  const choose = (next: DiffFilter) => {
    setFilter(next);
    setLimit(pageSize);
  };

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = diffFilters.length - 1;
    const keys: Record<string, number> = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(diffFilters[next]);
    tabs.current[next]?.focus();
  }

  return (
    <section className="card stack" aria-labelledby="diff-heading" aria-busy={props.progress !== undefined}>
      <h2 id="diff-heading" ref={heading} tabIndex={-1}>
        Changes in this preview
      </h2>
      <p className="muted">
        Preview {preview.previewId} from <code>{preview.source}</code>: {formatCount(preview.modelCount)} models, compared with active version {preview.baseVersionId}.
      </p>
      <dl className={styles.counts} aria-label="Counts">
        {(["added", "removed", "changed", "flagged"] as const).map((kind) => (
          <div key={kind}>
            <dt>{tabLabels[kind]}</dt>
            <dd data-testid={`count-${kind}`}>{formatCount(counts[kind])}</dd>
          </div>
        ))}
      </dl>
      {counts.flagged > 0 && (
        <p className={styles.warning}>
          <span aria-hidden="true">⚠ </span>
          {counts.flagged === 1 ? "1 model is flagged" : `${formatCount(counts.flagged)} models are flagged`} (price jumps of 10x, lost prices, removed models still in use): check them
          before applying.
        </p>
      )}
      {rows.length === 0 ? (
        <p>No differences: this map prices every model as the active version does.</p>
      ) : (
        <>
          <label>
            Search models
            <input
              type="search"
              value={search}
              onChange={(event) => {
                setSearch(event.target.value);
                setLimit(pageSize);
              }}
              placeholder="e.g. sonnet-4-6"
            />
          </label>
          <div role="tablist" aria-label="Filter the changes" className={styles.tabs}>
            {diffFilters.map((name, index) => (
              <button
                key={name}
                ref={(element) => {
                  tabs.current[index] = element;
                }}
                type="button"
                role="tab"
                id={`diff-tab-${name}`}
                aria-selected={filter === name}
                aria-controls="diff-panel"
                tabIndex={filter === name ? 0 : -1}
                className={styles.tab}
                onClick={() => choose(name)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {tabLabels[name]} ({formatCount(counts[name])})
              </button>
            ))}
          </div>
          <div role="tabpanel" id="diff-panel" aria-labelledby={`diff-tab-${filter}`} className="stack">
            <p className="muted" aria-live="polite">
              {shown.length === 0
                ? `No ${filter === "all" ? "" : `${filter} `}models${search.trim() ? ` match "${search.trim()}"` : ""}.`
                : `Showing ${formatCount(Math.min(limit, shown.length))} of ${formatCount(shown.length)} models.`}
            </p>
            {shown.length > 0 && (
              <ul className={styles.list} aria-label="Models">
                {shown.slice(0, limit).map((row) => (
                  <DiffItem key={row.model} row={row} />
                ))}
              </ul>
            )}
            {shown.length > limit && (
              <div>
                <button type="button" className="secondary" onClick={() => setLimit(limit + pageSize)}>
                  Show {formatCount(Math.min(pageSize, shown.length - limit))} more
                </button>
              </div>
            )}
          </div>
        </>
      )}
      <ProgressNote text={props.progress} />
      <Problem message={props.problem} />
      {/* Always in reach: the list can be thousands of pixels long. */}
      <div className={styles.stickyBar} role="group" aria-label="Apply or discard this preview">
        <span className={styles.stickySummary}>
          {formatCount(counts.added)} added · {formatCount(counts.removed)} removed · {formatCount(counts.changed)} changed
          {counts.flagged > 0 && <strong> · {formatCount(counts.flagged)} flagged</strong>}
        </span>
        <button type="button" disabled={props.busy} onClick={() => dialog.current?.showModal()}>
          Apply this map
        </button>
        <button type="button" className="secondary" disabled={props.busy} onClick={props.onDiscard}>
          Discard
        </button>
      </div>
      <ApplyDialog dialog={dialog} preview={preview} flagged={flagged} onConfirm={props.onApply} />
    </section>
  );
}
