import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { copyPath, copyText } from "../testing/cost-map-copies";
import { builtinFile } from "../testing/builtin-cost-map";
import { costMapDatabase, costMapDeps, testClock, type CostMapDatabase } from "../testing/cost-map-database";
import { ActiveCostMap } from "./active-cost-map";
import { applyCostMap, rollbackCostMap } from "./apply-cost-map";
import { openCostMaps } from "./open-cost-maps";
import { previewCostMap } from "./preview-cost-map";

const clock = testClock();
let database: CostMapDatabase;
beforeEach(() => {
  database = costMapDatabase();
});
afterEach(() => database.close());

/** Two gateway instances on one database file, each with its own connection and active map. */
async function twoInstances() {
  const first = await database.connect();
  const firstActive = await openCostMaps(first.store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17a"), now: clock.now });
  const second = await database.connect();
  const secondActive = await openCostMaps(second.store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17b"), now: clock.now });
  return {
    first: { ...first, active: firstActive, deps: costMapDeps(first.store, firstActive, { now: clock.now }) },
    second: { ...second, active: secondActive, deps: costMapDeps(second.store, secondActive, { now: clock.now }) },
  };
}

describe("ActiveCostMap across instances", () => {
  it("starts every instance on the version the database has", async () => {
    const { first, second } = await twoInstances();
    expect(first.active.current().versionId).toBe(1);
    expect(second.active.current()).toMatchObject({ versionId: 1, modelCount: 2_568 });
  });

  it("picks up a version another instance activated on sync, and only then", async () => {
    const { first, second } = await twoInstances();
    const preview = await previewCostMap(second.deps, { content: copyText("feb17b"), actor: "admin" });
    await applyCostMap(second.deps, preview.preview_id);
    expect(second.active.current().versionId).toBe(2);

    const before = first.active.current();
    expect(before.versionId).toBe(1);
    await first.active.sync();
    const after = first.active.current();
    expect(after).toMatchObject({ versionId: 2, modelCount: 2_578, source: "upload" });
    expect(after.map.providersOf("claude-sonnet-4-6")).toContain("anthropic");
    // A request that took the old version keeps it.
    expect(before.map.providersOf("claude-sonnet-4-6")).toBeUndefined();

    await first.active.sync();
    expect(first.active.current()).toBe(after);

    await rollbackCostMap(first.deps, 1);
    await second.active.sync();
    expect(second.active.current().versionId).toBe(1);
  });

  it("keeps the current version, and logs why, when the database cannot be read", async () => {
    const { first } = await twoInstances();
    const lines: string[] = [];
    const active = await ActiveCostMap.open(first.store, pino({ level: "error" }, { write: (line: string) => lines.push(line) }), 1);
    const current = active.current();
    await first.database.close();
    await active.sync();
    expect(active.current()).toBe(current);
    expect(lines.join("")).toContain("could not check the active version; keeping the current one");
  });

  it("refuses to load a version that does not exist, keeping the current one", async () => {
    const { first } = await twoInstances();
    const current = first.active.current();
    await expect(first.active.load(7)).rejects.toThrow("cost-map version 7 does not exist");
    expect(first.active.current()).toBe(current);
  });
});
