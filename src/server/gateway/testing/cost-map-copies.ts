import { readFileSync } from "node:fs";
import type { CurrentCostMap } from "../cost-maps/active-cost-map";
import { fixedCostMap } from "./builders";
import { sharedDataFile } from "../../../../e2e/fixtures/shared-data.cjs";

// Real copies of LiteLLM's cost map, shared with the other test suites and never copied into the
// project. For *.integration.test.ts files only: unit tests need nothing outside the repository.

export const copies = {
  feb17a: "model_prices_2026-02-17a.json",
  feb17b: "model_prices_2026-02-17b.json",
  feb21: "model_prices_2026-02-21_3bd228e.json",
  feb23: "model_prices_2026-02-23_268da23.json",
  jul24: "model_prices_2026-07-24_8442b93.json",
} as const;

export type CopyName = keyof typeof copies;

/** Where a copy is (see e2e/fixtures/shared-data.cjs); says clearly when the copies are nowhere. */
export const copyPath = (name: CopyName) => sharedDataFile(copies[name]);

const texts = new Map<CopyName, string>();

export function copyText(name: CopyName): string {
  let text = texts.get(name);
  if (text === undefined) texts.set(name, (text = readFileSync(copyPath(name), "utf8")));
  return text;
}

/** A fresh parse each call, so a test may change what it gets. */
export function readCopy(name: CopyName): Record<string, unknown> {
  return JSON.parse(copyText(name)) as Record<string, unknown>;
}

/** A `CurrentCostMap` whose version a test switches, as an apply or a rollback would. */
export interface SwitchableCostMap extends CurrentCostMap {
  use(name: CopyName): void;
}

/** Each copy gets its own version id, as each stored version has. */
export function switchableCostMap(initial: CopyName): SwitchableCostMap {
  const versions = new Map<CopyName, CurrentCostMap>();
  const versionOf = (name: CopyName) => {
    let version = versions.get(name);
    if (!version) versions.set(name, (version = fixedCostMap(readCopy(name), versions.size + 1)));
    return version;
  };
  let active = versionOf(initial);
  return {
    current: () => active.current(),
    use(name) {
      active = versionOf(name);
    },
  };
}
