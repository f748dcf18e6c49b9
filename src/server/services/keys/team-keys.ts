import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { addDuration } from "../../gateway/keys/durations";
import { generateVirtualKey, hashKey, keyPreview } from "../../gateway/keys/key-format";
import { newKeyRow } from "../../gateway/keys/new-key-row";
import { audit } from "../audit";
import { ServiceError } from "../service-error";
import type { KeyForm } from "./key-input";

export interface KeyServiceContext {
  gateway: GatewayContext;
  teamId: string;
  actor: string;
}

/** What the dashboard shows of a key: never the key, and the hash only as an opaque id. */
export function keySummary(row: VirtualKeyRow) {
  return {
    id: row.token,
    alias: row.keyAlias,
    preview: row.keyName,
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

export function listTeamKeys(ctx: KeyServiceContext) {
  return ctx.gateway.keys.keysOfTeam(ctx.teamId).map(keySummary);
}

/** A key of this team, or not found: ids from another team are simply not there. */
function teamKey(ctx: KeyServiceContext, id: string): VirtualKeyRow {
  const row = ctx.gateway.keys.findKey(id);
  if (!row || row.teamId !== ctx.teamId) throw new ServiceError("not_found", "No such key in this team");
  return row;
}

export function createTeamKey(ctx: KeyServiceContext, form: KeyForm) {
  if (ctx.gateway.keys.findKeysByAlias([form.alias]).length > 0) throw new ServiceError("conflict", `A key named "${form.alias}" already exists`);
  const plainKey = generateVirtualKey();
  const now = new Date(ctx.gateway.now());
  const row = ctx.gateway.keys.insertKey({
    ...newKeyRow(hashKey(plainKey), keyPreview(plainKey), now),
    keyAlias: form.alias,
    teamId: ctx.teamId,
    models: form.models,
    maxBudget: form.maxBudget,
    rpmLimit: form.rpmLimit,
    tpmLimit: form.tpmLimit,
    expires: form.duration ? new Date(addDuration(now.getTime(), form.duration)) : null,
  });
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.created", targetType: "key", targetId: row.keyName, details: { alias: form.alias } });
  return { key: plainKey, summary: keySummary(row) };
}

/** Edits a key's settings; `duration` sets a new expiry counted from now, null removes it. */
export function updateTeamKey(ctx: KeyServiceContext, id: string, form: KeyForm) {
  const row = teamKey(ctx, id);
  if (form.alias !== row.keyAlias && ctx.gateway.keys.findKeysByAlias([form.alias]).length > 0) {
    throw new ServiceError("conflict", `A key named "${form.alias}" already exists`);
  }
  const now = ctx.gateway.now();
  const updated = ctx.gateway.keys.updateKey(row.token, {
    keyAlias: form.alias,
    models: form.models,
    maxBudget: form.maxBudget,
    rpmLimit: form.rpmLimit,
    tpmLimit: form.tpmLimit,
    expires: form.duration ? new Date(addDuration(now, form.duration)) : null,
  })!;
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.updated", targetType: "key", targetId: updated.keyName, details: { alias: form.alias } });
  return keySummary(updated);
}

export function setTeamKeyBlocked(ctx: KeyServiceContext, id: string, blocked: boolean) {
  const row = ctx.gateway.keys.updateKey(teamKey(ctx, id).token, { blocked })!;
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: blocked ? "key.blocked" : "key.unblocked", targetType: "key", targetId: row.keyName });
  return keySummary(row);
}

export function deleteTeamKey(ctx: KeyServiceContext, id: string) {
  const row = teamKey(ctx, id);
  ctx.gateway.keys.deleteKeys([row.token]);
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.deleted", targetType: "key", targetId: row.keyName });
}

export function regenerateTeamKey(ctx: KeyServiceContext, id: string) {
  const row = teamKey(ctx, id);
  const plainKey = generateVirtualKey();
  const updated = ctx.gateway.keys.replaceToken(row.token, hashKey(plainKey), keyPreview(plainKey))!;
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "key.regenerated", targetType: "key", targetId: updated.keyName });
  return { key: plainKey, summary: keySummary(updated) };
}
