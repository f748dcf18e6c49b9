import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { mayManageKeyRole, type KeyActor } from "../../gateway/keys/key-authority";
import type { KeySettings } from "../../gateway/keys/key-settings";
import { createVirtualKey, deleteVirtualKeys, regenerateVirtualKey, setVirtualKeyBlocked, updateVirtualKey } from "../../gateway/keys/manage-keys";
import type { KeyForm, KeyUpdate } from "./key-input";

// The Keys page's changes go through the gateway's key management (manage-keys.ts), as the
// management API's do; its refusals are GatewayErrors, which api/to-trpc-error.ts names for tRPC.

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

/** A dashboard member as key management knows them: acting within this team (the Keys and Model access pages). */
export function teamKeyActor(ctx: Pick<KeyServiceContext, "actor" | "instanceAdmin" | "teamId">): KeyActor {
  return { name: ctx.actor, authority: ctx.instanceAdmin ? "instance" : "team", teamId: ctx.teamId };
}

/** The form's fields as stored; a `duration` left out (an edit) keeps the expiry. */
function settingsOf(form: KeyUpdate): KeySettings {
  return { keyAlias: form.alias, models: form.models, maxBudget: form.maxBudget, rpmLimit: form.rpmLimit, tpmLimit: form.tpmLimit, duration: form.duration };
}

export async function createTeamKey(ctx: KeyServiceContext, form: KeyForm) {
  const { plainKey, row } = await createVirtualKey(ctx.gateway, teamKeyActor(ctx), settingsOf(form));
  return { key: plainKey, summary: keySummary(row, ctx) };
}

/** Edits a key's settings; see `keyUpdateSchema` for how `duration` keeps, removes or sets the expiry. */
export async function updateTeamKey(ctx: KeyServiceContext, id: string, form: KeyUpdate) {
  const row = await updateVirtualKey(ctx.gateway, teamKeyActor(ctx), id, settingsOf(form));
  return keySummary(row, ctx);
}

export async function setTeamKeyBlocked(ctx: KeyServiceContext, id: string, blocked: boolean) {
  return keySummary(await setVirtualKeyBlocked(ctx.gateway, teamKeyActor(ctx), id, blocked), ctx);
}

export async function deleteTeamKey(ctx: KeyServiceContext, id: string) {
  await deleteVirtualKeys(ctx.gateway, teamKeyActor(ctx), { tokens: [id], aliases: [] });
}

export async function regenerateTeamKey(ctx: KeyServiceContext, id: string) {
  const { plainKey, row } = await regenerateVirtualKey(ctx.gateway, teamKeyActor(ctx), id);
  return { key: plainKey, summary: keySummary(row, ctx) };
}
