import { GatewayError } from "../errors";
import type { CostMapDeps } from "./cost-map-deps";

export interface AppliedVersion {
  version_id: number;
  model_count: number;
  source: string;
  content_hash: string;
  applied_at: string;
  summary: unknown;
}

/** Makes a stored version active: in the database (one transaction) and then in this process. */
async function activate(deps: CostMapDeps, versionId: number): Promise<AppliedVersion> {
  await deps.store.activate(versionId, new Date(deps.now()));
  const version = await deps.active.load(versionId);
  const row = (await deps.store.version(versionId))!;
  deps.announce?.(versionId);
  deps.log.info({ versionId, models: version.modelCount, source: row.source }, "cost map: version activated");
  return {
    version_id: versionId,
    model_count: row.modelCount,
    source: row.source,
    content_hash: row.contentHash,
    applied_at: (row.appliedAt ?? new Date(deps.now())).toISOString(),
    summary: (row.diff as { summary?: unknown } | null)?.summary ?? null,
  };
}

/** Step two of a reload: the preview becomes the active version. Requests in flight are not disturbed. */
export async function applyCostMap(deps: CostMapDeps, previewId: number): Promise<AppliedVersion> {
  const row = await deps.store.version(previewId);
  if (!row || row.status === "discarded") throw new GatewayError("not_found", `No cost-map preview ${previewId}`, { param: "preview_id" });
  if (row.status !== "preview") throw new GatewayError("conflict", `Cost-map preview ${previewId} was already applied; use /cost_map/rollback to return to it`, { param: "preview_id" });
  return activate(deps, previewId);
}

/** Returns to a version that was applied before. */
export async function rollbackCostMap(deps: CostMapDeps, versionId: number): Promise<AppliedVersion> {
  const row = await deps.store.version(versionId);
  if (!row || row.status !== "applied") throw new GatewayError("not_found", `No applied cost-map version ${versionId}`, { param: "version_id" });
  return activate(deps, versionId);
}

export async function discardCostMapPreview(deps: CostMapDeps, previewId: number): Promise<void> {
  const row = await deps.store.version(previewId);
  if (!row || row.status !== "preview") throw new GatewayError("not_found", `No cost-map preview ${previewId}`, { param: "preview_id" });
  await deps.store.discard(previewId);
}
