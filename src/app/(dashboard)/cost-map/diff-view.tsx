"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import styles from "./cost-map.module.css";
import type { Preview } from "./cost-map-types";
import { countRows, describeFlag, diffFilters, diffRows, filterRows, formatValue, type DiffFilter, type DiffRow } from "./diff-rows";
import { formatCount } from "./format";
import { Problem, ProgressNote } from "./progress-note";

const pageSize = 100;
const tabLabels: Record<DiffFilter, string> = { all: "All", added: "Added", removed: "Removed", changed: "Changed", flagged: "Flagged" };

function DiffItem({ row }: { row: DiffRow }) {
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
      {row.fields.length > 0 && (
        <ul className={styles.fields} aria-label={`Changed fields of ${row.model}`}>
          {row.fields.map((field) => (
            <li key={field.field} className={field.flagged ? styles.flaggedField : undefined}>
              <code>{field.field}</code>: <code>{formatValue(field.old)}</code>
              <span aria-hidden="true"> → </span>
              <span className={styles.srOnly}> becomes </span>
              <code>{formatValue(field.new)}</code>
            </li>
          ))}
        </ul>
      )}
    </li>
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
      <div className={`row ${styles.actions}`}>
        <button type="button" disabled={props.busy} onClick={props.onApply}>
          Apply this map
        </button>
        <button type="button" className="secondary" disabled={props.busy} onClick={props.onDiscard}>
          Discard
        </button>
      </div>
    </section>
  );
}
