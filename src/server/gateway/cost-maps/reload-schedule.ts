import type { CostMapDeps } from "./cost-map-deps";
import { reloadCostMap } from "./reload-cost-map";

const hourMs = 3_600_000;
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export async function scheduleCostMapReload(deps: CostMapDeps, hours: number) {
  const next = new Date(deps.now() + hours * hourMs);
  await deps.store.setSchedule(hours, next);
  return { status: "success", message: `Model cost map reload scheduled every ${hours} hours`, interval_hours: hours, next_run: next.toISOString() };
}

export async function cancelCostMapReload(deps: CostMapDeps) {
  await deps.store.setSchedule(null, null);
  return { status: "success", message: "Scheduled model cost map reload cancelled" };
}

export async function costMapReloadStatus(deps: CostMapDeps) {
  const state = await deps.store.state();
  return {
    scheduled: state?.reloadIntervalHours != null,
    interval_hours: state?.reloadIntervalHours ?? null,
    last_run: iso(state?.lastReloadAt),
    next_run: iso(state?.nextReloadAt),
    last_error: state?.lastReloadError ?? null,
  };
}

/**
 * Runs due scheduled reloads. Every instance checks, but the database lets only one claim each
 * run, so a fleet reloads once per interval, not once per instance.
 */
export async function runDueCostMapReload(deps: CostMapDeps): Promise<boolean> {
  const state = await deps.store.state();
  if (!state?.reloadIntervalHours || !state.nextReloadAt || state.nextReloadAt.getTime() > deps.now()) return false;
  const now = new Date(deps.now());
  if (!(await deps.store.claimScheduledReload(now, new Date(now.getTime() + state.reloadIntervalHours * hourMs)))) return false;
  try {
    await reloadCostMap(deps, "schedule");
  } catch (error) {
    deps.log.warn(`scheduled cost-map reload failed; the active version stays: ${(error as Error).message}`);
  }
  return true;
}
