import { litellmCostMapUrl } from "../../gateway/cost-maps/builtin-cost-map";
import { costMapReloadStatus } from "../../gateway/cost-maps/reload-schedule";
import { displaySource } from "../../gateway/cost-maps/display-source";
import type { CostMapServiceContext } from "./cost-map-service";

const historyShown = 50;
const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Where reloads come from, without secrets; a reload error may quote the configured source. */
function configuredSourceOf(configured: string | undefined) {
  if (!configured) return { kind: "litellm" as const, location: litellmCostMapUrl };
  return { kind: /^https?:/i.test(configured) ? ("remote" as const) : ("local" as const), location: displaySource(configured) };
}

/** The active version, the applied versions (newest first), the configured source and the reload schedule. */
export async function getCostMapOverview(ctx: CostMapServiceContext) {
  const { costMaps } = ctx.gateway;
  const active = costMaps.active.current();
  const applied = await costMaps.store.appliedVersions();
  const versions = applied.slice(0, historyShown).map((version) => ({
    versionId: version.versionId,
    active: version.versionId === active.versionId,
    modelCount: version.modelCount,
    source: displaySource(version.source),
    contentHash: version.contentHash.slice(0, 12),
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
    appliedAt: iso(version.appliedAt),
  }));
  const status = await costMapReloadStatus(costMaps);
  const configured = costMaps.configuredSource;
  return {
    active: {
      versionId: active.versionId,
      modelCount: active.modelCount,
      source: displaySource(active.source),
      appliedAt: iso(applied.find((version) => version.versionId === active.versionId)?.appliedAt ?? null),
    },
    versions,
    totalVersions: applied.length,
    configuredSource: configuredSourceOf(configured),
    schedule: {
      scheduled: status.scheduled,
      intervalHours: status.interval_hours,
      lastRun: status.last_run,
      nextRun: status.next_run,
      lastError: configured && status.last_error ? status.last_error.replaceAll(configured, displaySource(configured)) : status.last_error,
    },
  };
}

export type CostMapOverview = ReturnType<typeof getCostMapOverview>;
