import { z } from "zod";
import type { GatewayContext } from "../context";
import { applyCostMap, discardCostMapPreview, rollbackCostMap } from "../cost-maps/apply-cost-map";
import { reloadSourceOf } from "../cost-maps/builtin-cost-map";
import { previewCostMap } from "../cost-maps/preview-cost-map";
import { reloadCostMap } from "../cost-maps/reload-cost-map";
import { cancelCostMapReload, costMapReloadStatus, scheduleCostMapReload } from "../cost-maps/reload-schedule";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { actorOf, type Principal } from "../keys/principal";
import { audit } from "../audit";
import { diffCounts } from "../cost-maps/diff-counts";
import { displaySource } from "../cost-maps/display-source";
import { parseBody } from "./parse-body";

const previewSchema = z
  .looseObject({
    // Only http(s): a path or file:// URL would let an API key read the server's disk. The
    // operator's own file source is SWITCHYARD_COST_MAP_URL, previewed by omitting url.
    url: z
      .url({ protocol: /^https?$/, error: "give an http(s) URL" })
      .max(2048)
      .optional(),
    content: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  })
  .refine((body) => !(body.url && body.content), "give url or content, not both");
const previewIdSchema = z.looseObject({ preview_id: z.number().int().positive() });
const versionIdSchema = z.looseObject({ version_id: z.number().int().positive() });

/** Cost-map changes are instance-wide (no team): the Audit page shows them to instance admins. */
function auditCostMap(ctx: GatewayContext, principal: Principal, action: string, targetId: number | null, details: Record<string, unknown> = {}) {
  return audit(ctx, { actor: actorOf(principal), teamId: null, action, targetType: "cost_map", targetId: targetId === null ? null : String(targetId), details: { ...details, via: "api" } });
}

/** `POST /cost_map/preview {url?, content?}`: load, validate, diff; nothing changes until apply. */
export async function previewCostMapRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, previewSchema, ctx.maxBodyBytes);
  const content = typeof body.content === "object" ? JSON.stringify(body.content) : body.content;
  const preview = await previewCostMap(ctx.costMaps, { source: body.url, content, actor: actorOf(principal) });
  await auditCostMap(ctx, principal, "cost_map.previewed", preview.preview_id, { source: displaySource(preview.source), modelCount: preview.model_count, ...preview.summary });
  return jsonResponse(200, preview);
}

export async function applyCostMapRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, previewIdSchema, ctx.maxBodyBytes);
  const applied = await applyCostMap(ctx.costMaps, body.preview_id);
  await auditCostMap(ctx, principal, "cost_map.applied", applied.version_id, { versionId: applied.version_id, modelCount: applied.model_count, ...diffCounts(applied.summary) });
  return jsonResponse(200, applied);
}

export async function discardCostMapRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, previewIdSchema, ctx.maxBodyBytes);
  await discardCostMapPreview(ctx.costMaps, body.preview_id);
  await auditCostMap(ctx, principal, "cost_map.discarded", body.preview_id, { previewId: body.preview_id });
  return jsonResponse(200, { preview_id: body.preview_id, discarded: true });
}

export async function rollbackCostMapRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, versionIdSchema, ctx.maxBodyBytes);
  const fromVersionId = ctx.costMaps.active.current().versionId;
  const applied = await rollbackCostMap(ctx.costMaps, body.version_id);
  await auditCostMap(ctx, principal, "cost_map.rolled_back", applied.version_id, { versionId: applied.version_id, fromVersionId, modelCount: applied.model_count });
  return jsonResponse(200, applied);
}

export async function listCostMapVersions(ctx: GatewayContext): Promise<GatewayResponse> {
  const activeId = ctx.costMaps.active.current().versionId;
  return jsonResponse(
    200,
    (await ctx.costMaps.store.appliedVersions()).map((version) => ({
      version_id: version.versionId,
      active: version.versionId === activeId,
      model_count: version.modelCount,
      source: version.source,
      content_hash: version.contentHash,
      created_by: version.createdBy,
      created_at: version.createdAt.toISOString(),
      applied_at: version.appliedAt?.toISOString() ?? null,
    })),
  );
}

/** LiteLLM's `POST /reload/model_cost_map`: preview and apply from the configured source in one call. */
export async function reloadCostMapRoute(ctx: GatewayContext, _request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const reloaded = await reloadCostMap(ctx.costMaps, actorOf(principal));
  await auditCostMap(ctx, principal, "cost_map.reloaded", reloaded.version_id, { versionId: reloaded.version_id, modelCount: reloaded.models_count, ...reloaded.summary });
  return jsonResponse(200, reloaded);
}

export async function scheduleCostMapReloadRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const hours = Number(request.query.get("hours"));
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 365) {
    throw new GatewayError("invalid_request", "hours: a whole number of hours from 1 to 8760", { param: "hours" });
  }
  const scheduled = await scheduleCostMapReload(ctx.costMaps, hours);
  await auditCostMap(ctx, principal, "cost_map.reload_scheduled", null, { intervalHours: hours });
  return jsonResponse(200, scheduled);
}

export async function cancelCostMapReloadRoute(ctx: GatewayContext, _request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const cancelled = await cancelCostMapReload(ctx.costMaps);
  await auditCostMap(ctx, principal, "cost_map.reload_cancelled", null);
  return jsonResponse(200, cancelled);
}

export async function costMapReloadStatusRoute(ctx: GatewayContext): Promise<GatewayResponse> {
  return jsonResponse(200, await costMapReloadStatus(ctx.costMaps));
}

/** LiteLLM's `GET /model/cost_map/source`: where reloads come from (LiteLLM's published map by default) and what is active now. */
export function costMapSourceRoute(ctx: GatewayContext): GatewayResponse {
  const active = ctx.costMaps.active.current();
  const configured = ctx.costMaps.configuredSource;
  const reloadSource = reloadSourceOf(configured);
  return jsonResponse(200, {
    source: /^https?:/i.test(reloadSource) ? "remote" : "local",
    url: reloadSource,
    is_env_set: configured !== undefined,
    active_version_id: active.versionId,
    active_source: active.source,
    model_count: active.modelCount,
  });
}
