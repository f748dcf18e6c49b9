import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../log";
import { copyPath } from "../testing/cost-map-copies";
import { builtinFile } from "../testing/builtin-cost-map";
import { costMapDatabase, costMapDeps, testClock, type CostMapDatabase } from "../testing/cost-map-database";
import type { CostMapDeps } from "./cost-map-deps";
import { openCostMaps } from "./open-cost-maps";
import { cancelCostMapReload, costMapReloadStatus, runDueCostMapReload, scheduleCostMapReload } from "./reload-schedule";

const hourMs = 3_600_000;
let database: CostMapDatabase;
let clock: ReturnType<typeof testClock>;

beforeEach(() => {
  database = costMapDatabase();
  clock = testClock();
});
afterEach(() => database.close());

/** One gateway instance: its own connection and active map, reloading from the 17a copy. */
async function instance(configuredSource = copyPath("feb17a")): Promise<CostMapDeps> {
  const { store } = await database.connect();
  const active = await openCostMaps(store, silentLogger(), { builtinFile, now: clock.now });
  return costMapDeps(store, active, { configuredSource, now: clock.now });
}

describe("runDueCostMapReload", () => {
  it("does nothing before next_reload_at and reloads once after it", async () => {
    const deps = await instance();
    const scheduled = await scheduleCostMapReload(deps, 6);
    expect(scheduled).toMatchObject({ interval_hours: 6, next_run: new Date(clock.now() + 6 * hourMs).toISOString() });

    expect(await runDueCostMapReload(deps)).toBe(false);
    clock.advance(6 * hourMs - 1);
    expect(await runDueCostMapReload(deps)).toBe(false);
    expect(deps.active.current()).toMatchObject({ versionId: 1, source: "builtin" });
    expect((await deps.store.state())!.lastReloadAt).toBeNull();

    clock.advance(1);
    expect(await runDueCostMapReload(deps)).toBe(true);
    expect(deps.active.current()).toMatchObject({ versionId: 2, source: copyPath("feb17a"), modelCount: 2_568 });
    expect(await deps.store.version(2)).toMatchObject({ status: "applied", createdBy: "schedule" });
    expect(await costMapReloadStatus(deps)).toEqual({
      scheduled: true,
      interval_hours: 6,
      last_run: new Date(clock.now()).toISOString(),
      next_run: new Date(clock.now() + 6 * hourMs).toISOString(),
      last_error: null,
    });

    expect(await runDueCostMapReload(deps)).toBe(false);
    expect(await deps.store.version(3)).toBeUndefined();
  });

  it("does nothing without a schedule, or after it is cancelled", async () => {
    const deps = await instance();
    clock.advance(1_000 * hourMs);
    expect(await runDueCostMapReload(deps)).toBe(false);
    await scheduleCostMapReload(deps, 1);
    await cancelCostMapReload(deps);
    clock.advance(2 * hourMs);
    expect(await runDueCostMapReload(deps)).toBe(false);
    expect(await costMapReloadStatus(deps)).toMatchObject({ scheduled: false, interval_hours: null, next_run: null });
    expect(deps.active.current().versionId).toBe(1);
  });

  it("records a failed reload, keeps the active version and tries again next interval", async () => {
    const deps = await instance(copyPath("feb17a").replace(".json", "-missing.json"));
    await scheduleCostMapReload(deps, 2);
    clock.advance(2 * hourMs);
    expect(await runDueCostMapReload(deps)).toBe(true);
    expect(deps.active.current().versionId).toBe(1);
    expect((await deps.store.state())!.activeVersionId).toBe(1);
    const status = await costMapReloadStatus(deps);
    expect(status.last_error).toMatch(/ENOENT: no such file \(after 1 attempt\)\. The active version 1 \(2,983 models\) stays\.$/);
    expect(status.next_run).toBe(new Date(clock.now() + 2 * hourMs).toISOString());
  });

  it("lets one of two instances on the same database claim a due run", async () => {
    const first = await instance();
    const second = await instance();
    await scheduleCostMapReload(first, 1);
    clock.advance(hourMs);

    const results = await Promise.all([runDueCostMapReload(first), runDueCostMapReload(second)]);
    expect(results.sort()).toEqual([false, true]);
    expect((await first.store.appliedVersions()).map((version) => version.versionId)).toEqual([2, 1]);
    expect(await first.store.version(3)).toBeUndefined();
    for (const deps of [first, second]) {
      await deps.active.sync();
      expect(deps.active.current()).toMatchObject({ versionId: 2, modelCount: 2_568 });
    }
  });

  it("lets only one claim even when both read the due state before either claimed", async () => {
    const first = await instance();
    const second = await instance();
    await scheduleCostMapReload(first, 1);
    clock.advance(hourMs);
    const dueState = await second.store.state();
    expect(await runDueCostMapReload(first)).toBe(true);

    vi.spyOn(second.store, "state").mockResolvedValueOnce(dueState);
    expect(await runDueCostMapReload(second)).toBe(false);
    expect(await second.store.version(3)).toBeUndefined();
    expect((await second.store.state())!.nextReloadAt).toEqual(new Date(clock.now() + hourMs));
  });
});

describe("claimScheduledReload", () => {
  it("succeeds once per due time", async () => {
    const { store } = await instance();
    const now = new Date(clock.now());
    await store.setSchedule(1, now);
    expect(await store.claimScheduledReload(now, new Date(now.getTime() + hourMs))).toBe(true);
    expect(await store.claimScheduledReload(now, new Date(now.getTime() + hourMs))).toBe(false);
    expect(await store.claimScheduledReload(new Date(now.getTime() + hourMs), new Date(now.getTime() + 2 * hourMs))).toBe(true);
  });
});
