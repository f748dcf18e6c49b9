import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { addDuration } from "../../gateway/keys/durations";
import { mayManageKeyRole } from "../../gateway/keys/key-authority";
import { keyChanges } from "../../gateway/keys/key-changes";
import { generateVirtualKey, hashKey, keyPreview } from "../../gateway/keys/key-format";
import { newKeyRow } from "../../gateway/keys/new-key-row";
import { audit } from "../../gateway/record-audit";
import { ServiceError } from "../service-error";
import type { KeyForm, KeyUpdate } from "./key-input";

export interface KeyServiceContext {
  gateway: GatewayContext;
  teamId: string;
  actor: string;
  /** An instance admin may manage every key; team admins and owners only `user` keys. */
  instanceAdmin: boolean;
}

const mayManage = (ctx: Pick<KeyServiceContext, "instanceAdmin">, row: VirtualKeyRow) => mayManageKeyRole(ctx.instanceAdmin ? "instance" : "team", row.role);

/**
 * What the dashboard shows of a key: never the key, and the hash only as an opaque id.
 * `manageable`: whether this caller may change it (the page shows the others read-only).
 */
export function keySummary(row: VirtualKeyRow, ctx: Pick<KeyServiceContext, "instanceAdmin">) {
  return {
    id: row.token,
    alias: row.keyAlias,
    preview: row.keyName,
    role: row.role,
    manageable: mayManage(ctx, row),
    models: row.models,
    spend: row.spend,
    maxBudget: row.maxBudget,
    rpmLimit: row.rpmLimit,
    tpmLimit: row.tpmLimit,
    expires: row.expires?.toISOString() ?? null,
    lastUsed: row.lastUsedAt?.toISOString() ?? null,
    blocked: row.blocked,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listTeamKeys(ctx: KeyServiceContext) {
  // Spend as of now: rows buffered anywhere in the process written, and the keys' totals settled.
  await ctx.gateway.spend.flush();
  return (await ctx.gateway.keys.keysOfTeam(ctx.teamId)).map((row) => keySummary(row, ctx));
}

/**
 * A key of this team this caller may change, or not found: ids from another team are simply not
 * there. An admin key is there but out of a team admin's reach: regenerating it would hand them
 * an instance-wide key.
 */
async function teamKey(ctx: KeyServiceContext, id: string): Promise<VirtualKeyRow> {
  const row = await ctx.gateway.keys.findKey(id);
  if (!row || row.teamId !== ctx.teamId) throw new ServiceError("not_found", "No such key in this team");
  if (!mayManage(ctx, row)) throw new ServiceError("forbidden", "Only an instance admin may change a proxy_admin key");
  return row;
}

export async function createTeamKey(ctx: KeyServiceContext, form: KeyForm) {
  if ((await ctx.gateway.keys.findKeysByAlias([form.alias])).length > 0) throw new ServiceError("conflict", `A key named "${form.alias}" already exists`);
  const plainKey = generateVirtualKey();
  const now = new Date(ctx.gateway.now());
  const row = await ctx.gateway.keys.insertKey({
    ...newKeyRow(hashKey(plainKey), keyPreview(plainKey), now),
    keyAlias: form.alias,
    teamId: ctx.teamId,
    models: form.models,
    maxBudget: form.maxBudget,
    rpmLimit: form.rpmLimit,
    tpmLimit: form.tpmLimit,
    expires: form.duration ? new Date(addDuration(now.getTime(), form.duration)) : null,
  });
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.created", targetType: "key", targetId: row.keyName, details: { alias: form.alias } });
  return { key: plainKey, summary: keySummary(row, ctx) };
}

/** Edits a key's settings; see `keyUpdateSchema` for how `duration` keeps, removes or sets the expiry. */
export async function updateTeamKey(ctx: KeyServiceContext, id: string, form: KeyUpdate) {
  const row = await teamKey(ctx, id);
  if (form.alias !== row.keyAlias && (await ctx.gateway.keys.findKeysByAlias([form.alias])).length > 0) {
    throw new ServiceError("conflict", `A key named "${form.alias}" already exists`);
  }
  const now = ctx.gateway.now();
  const updated = (await ctx.gateway.keys.updateKey(row.token, {
    keyAlias: form.alias,
    models: form.models,
    maxBudget: form.maxBudget,
    rpmLimit: form.rpmLimit,
    tpmLimit: form.tpmLimit,
    ...(form.duration === undefined ? {} : { expires: form.duration ? new Date(addDuration(now, form.duration)) : null }),
  }))!;
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: ctx.teamId,
    action: "key.updated",
    targetType: "key",
    targetId: updated.keyName,
    details: { alias: form.alias, changes: keyChanges(row, updated) },
  });
  return keySummary(updated, ctx);
}

export async function setTeamKeyBlocked(ctx: KeyServiceContext, id: string, blocked: boolean) {
  const row = (await ctx.gateway.keys.updateKey((await teamKey(ctx, id)).token, { blocked }))!;
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: blocked ? "key.blocked" : "key.unblocked", targetType: "key", targetId: row.keyName });
  return keySummary(row, ctx);
}

export async function deleteTeamKey(ctx: KeyServiceContext, id: string) {
  const row = await teamKey(ctx, id);
  await ctx.gateway.keys.deleteKeys([row.token]);
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.deleted", targetType: "key", targetId: row.keyName });
}

export async function regenerateTeamKey(ctx: KeyServiceContext, id: string) {
  const row = await teamKey(ctx, id);
  const plainKey = generateVirtualKey();
  const updated = (await ctx.gateway.keys.replaceToken(row.token, hashKey(plainKey), keyPreview(plainKey)))!;
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.regenerated", targetType: "key", targetId: updated.keyName });
  return { key: plainKey, summary: keySummary(updated, ctx) };
}
