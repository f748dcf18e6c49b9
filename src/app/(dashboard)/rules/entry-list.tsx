"use client";

import type { trpc } from "../../trpc-client";
import styles from "./rules.module.css";

export type Coverage = Awaited<ReturnType<typeof trpc.rules.coverage.query>>;
type CoverageEntry = Coverage["entries"][number];

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

function describe(coverage: CoverageEntry): string {
  switch (coverage.kind) {
    case "all":
      return "every model";
    case "access_group":
      return `access group of ${plural(coverage.count, "model")}`;
    case "pattern":
      return `covers ${plural(coverage.count, "known name")}`;
    case "exact":
      return coverage.count > 0 ? "known model" : "not a known model";
  }
}

/** A saved allow-list, each entry with how many known models it covers. */
export function EntryList(props: { models: readonly string[]; coverage: Coverage | undefined; empty: string }) {
  if (props.models.length === 0) return <p className="muted">{props.empty}</p>;
  const byEntry = new Map(props.coverage?.entries.map((entry) => [entry.entry, entry]));
  return (
    <ul className={styles.entries}>
      {props.models.map((model) => {
        const coverage = byEntry.get(model);
        const known = !coverage || coverage.count > 0;
        return (
          <li key={model} className={styles.entry}>
            <code>{model}</code>
            {coverage && <span className={`${styles.count} ${known ? "" : styles.unknown}`}>{describe(coverage)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
