import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { addDuration } from "../keys/durations";
import { keyAuthorityOf, mayManageKeyRole } from "../keys/key-authority";
import { keyChanges } from "../keys/key-changes";
import { generateVirtualKey, hashKey, keyPreview } from "../keys/key-format";
import { newKeyRow } from "../keys/new-key-row";
import { actorOf, isAdmin, type Principal } from "../keys/principal";
import { audit } from "../record-audit";
import {
  deleteKeysSchema,
  generateKeySchema,
  keyOnlySchema,
  regenerateKeySchema,
  updateKeySchema,
  type keyFieldsSchema,
} from "./key-schemas";
import { parseBody } from "./parse-body";
import { findKeyOrThrow, tokenOf } from "./resolve-key";
import { keyView } from "./views";
import type { z } from "zod";

type KeyFields = z.infer<typeof keyFieldsSchema>;

const roleOf = (userRole: NonNullable<KeyFields["user_role"]>): VirtualKeyRow["role"] => (userRole === "proxy_admin" ? "admin" : "user");

/** Refused before anything changes: an admin key is the master key's alone to create or touch (see key-authority.ts). */
function assertMayManage(principal: Principal, ...roles: VirtualKeyRow["role"][]) {
  if (roles.some((role) => !mayManageKeyRole(keyAuthorityOf(principal), role))) {
    throw new GatewayError("admin_required", "Only the master key may create, change, regenerate or delete a proxy_admin key");
  }
}

/** The stored columns a request's fields set; absent fields are left as they are. */
async function columnsFrom(ctx: GatewayContext, fields: KeyFields, existing?: VirtualKeyRow): Promise<Partial<VirtualKeyRow>> {
  const now = ctx.now();
  if (fields.team_id && !await ctx.keys.findTeam(fields.team_id)) {
    throw new GatewayError("invalid_request", `team_id: no team "${fields.team_id}"; create it with POST /team/new`, { param: "team_id" });
  }
  if (fields.key_alias && fields.key_alias !== existing?.keyAlias) {
    if ((await ctx.keys.findKeysByAlias([fields.key_alias])).length > 0) {
      throw new GatewayError("conflict", `key_alias: a key named "${fields.key_alias}" already exists`, { param: "key_alias" });
    }
  }
  const columns: Partial<VirtualKeyRow> = {};
  if (fields.key_alias !== undefined) columns.keyAlias = fields.key_alias;
  if (fields.team_id !== undefined) columns.teamId = fields.team_id;
  if (fields.user_id !== undefined) columns.userId = fields.user_id;
  if (fields.user_role !== undefined) columns.role = roleOf(fields.user_role);
  if (fields.models !== undefined) columns.models = fields.models;
  if (fields.max_budget !== undefined) columns.maxBudget = fields.max_budget;
  if (fields.budget_duration !== undefined) {
    columns.budgetDuration = fields.budget_duration;
    columns.budgetResetAt = fields.budget_duration ? new Date(addDuration(now, fields.budget_duration)) : null;
  }
  if (fields.duration !== undefined) columns.expires = fields.duration ? new Date(addDuration(now, fields.duration)) : null;
  if (fields.rpm_limit !== undefined) columns.rpmLimit = fields.rpm_limit;
  if (fields.tpm_limit !== undefined) columns.tpmLimit = fields.tpm_limit;
  if (fields.metadata !== undefined) columns.metadata = fields.metadata;
  if (fields.blocked !== undefined) columns.blocked = fields.blocked;
  return columns;
}

/** LiteLLM's generate/regenerate answer: the plain key, shown this once, with the key's settings. */
function issuedKeyView(plainKey: string, row: VirtualKeyRow) {
  return { key: plainKey, token: row.token, ...keyView(row) };
}

/** Every change through the API lands in the same audit log as the dashboard's. */
async function auditKey(ctx: GatewayContext, principal: Principal, action: string, row: VirtualKeyRow, details: Record<string, unknown> = {}) {
  await audit(ctx, { actor: actorOf(principal), teamId: row.teamId, action, targetType: "key", targetId: row.keyName, details: { alias: row.keyAlias, ...details } });
}

export async function generateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const fields = await parseBody(request, generateKeySchema, ctx.maxBodyBytes);
  assertMayManage(principal, roleOf(fields.user_role ?? "internal_user"));
  const plainKey = fields.key ?? generateVirtualKey();
  const token = hashKey(plainKey);
  if (await ctx.keys.findKey(token)) throw new GatewayError("conflict", "key: this key already exists", { param: "key" });
  const now = new Date(ctx.now());
  const row = await ctx.keys.insertKey({ ...newKeyRow(token, keyPreview(plainKey), now), ...(await columnsFrom(ctx, fields)) });
  await auditKey(ctx, principal, "key.created", row);
  return jsonResponse(200, issuedKeyView(plainKey, row));
}

export async function updateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const fields = await parseBody(request, updateKeySchema, ctx.maxBodyBytes);
  const existing = await findKeyOrThrow(ctx.keys, fields.key);
  assertMayManage(principal, existing.role, roleOf(fields.user_role ?? "internal_user"));
  const row = (await ctx.keys.updateKey(existing.token, await columnsFrom(ctx, fields, existing)))!;
  await auditKey(ctx, principal, "key.updated", row, { changes: keyChanges(existing, row) });
  return jsonResponse(200, { key: fields.key, ...keyView(row) });
}

/** `GET /key/info?key=`: any key may read itself; reading another key needs admin rights. */
export async function keyInfo(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const reference = request.query.get("key");
  if (!reference) {
    if (principal.kind !== "key") throw new GatewayError("invalid_request", "key: pass ?key=sk-... (the master key has no key info)", { param: "key" });
    return jsonResponse(200, { key: principal.key.keyName, info: keyView(principal.key, ctx.spend.pendingKeySpend(principal.key.token)) });
  }
  const isSelf = principal.kind === "key" && principal.key.token === tokenOf(reference);
  if (!isSelf && !isAdmin(principal)) throw new GatewayError("admin_required", "Only an admin key may read another key's info");
  const row = await findKeyOrThrow(ctx.keys, reference);
  return jsonResponse(200, { key: reference, info: keyView(row, ctx.spend.pendingKeySpend(row.token)) });
}

export async function deleteKeys(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, deleteKeysSchema, ctx.maxBodyBytes);
  const rows = [...(await Promise.all((body.keys ?? []).map((reference) => findKeyOrThrow(ctx.keys, reference)))), ...(await ctx.keys.findKeysByAlias(body.key_aliases ?? []))];
  if (body.key_aliases && rows.length === (body.keys?.length ?? 0)) {
    throw new GatewayError("not_found", "No key has those aliases", { param: "key_aliases" });
  }
  assertMayManage(principal, ...rows.map((row) => row.role));
  await ctx.keys.deleteKeys(rows.map((row) => row.token));
  for (const row of rows) await auditKey(ctx, principal, "key.deleted", row);
  return jsonResponse(200, { deleted_keys: [...(body.keys ?? []), ...(body.key_aliases ?? [])] });
}

export async function regenerateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal, pathKey?: string): Promise<GatewayResponse> {
  const body = await parseBody(request, regenerateKeySchema, ctx.maxBodyBytes);
  const reference = pathKey ?? body.key;
  if (!reference) throw new GatewayError("invalid_request", "key: which key to regenerate", { param: "key" });
  const existing = await findKeyOrThrow(ctx.keys, reference);
  assertMayManage(principal, existing.role);
  const plainKey = body.new_key ?? generateVirtualKey();
  const token = hashKey(plainKey);
  if (await ctx.keys.findKey(token)) throw new GatewayError("conflict", "new_key: this key already exists", { param: "new_key" });
  const row = (await ctx.keys.replaceToken(existing.token, token, keyPreview(plainKey)))!;
  await auditKey(ctx, principal, "key.regenerated", row);
  return jsonResponse(200, issuedKeyView(plainKey, row));
}

export async function setKeyBlocked(ctx: GatewayContext, request: GatewayRequest, principal: Principal, blocked: boolean): Promise<GatewayResponse> {
  const body = await parseBody(request, keyOnlySchema, ctx.maxBodyBytes);
  const existing = await findKeyOrThrow(ctx.keys, body.key);
  assertMayManage(principal, existing.role);
  const row = (await ctx.keys.updateKey(existing.token, { blocked }))!;
  await auditKey(ctx, principal, blocked ? "key.blocked" : "key.unblocked", row);
  return jsonResponse(200, { key: body.key, ...keyView(row) });
}
