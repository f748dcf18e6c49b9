import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { keyActorOf } from "../keys/key-authority";
import type { KeySettings } from "../keys/key-settings";
import { createVirtualKey, deleteVirtualKeys, regenerateVirtualKey, setVirtualKeyBlocked, updateVirtualKey } from "../keys/manage-keys";
import { isAdmin, type Principal } from "../keys/principal";
import { deleteKeysSchema, generateKeySchema, keyOnlySchema, regenerateKeySchema, updateKeySchema, type keyFieldsSchema } from "./key-schemas";
import { parseBody } from "./parse-body";
import { findKeyOrThrow, tokenOf } from "./resolve-key";
import { guardrailMetadataOf } from "./key-guardrails";
import { keyView } from "./views";
import type { z } from "zod";

// LiteLLM's key endpoints: the body read and answered in LiteLLM's shape; every change itself,
// with its checks and audit row, is manage-keys.ts's, as the dashboard's are.

type KeyFields = z.infer<typeof keyFieldsSchema>;

/** LiteLLM's field names, as stored; absent fields are left as they are. */
function settingsOf(fields: KeyFields, metadata: Record<string, unknown> | undefined): KeySettings {
  return {
    keyAlias: fields.key_alias,
    teamId: fields.team_id,
    userId: fields.user_id,
    role: fields.user_role === undefined ? undefined : fields.user_role === "proxy_admin" ? "admin" : "user",
    models: fields.models,
    maxBudget: fields.max_budget,
    budgetDuration: fields.budget_duration,
    duration: fields.duration,
    rpmLimit: fields.rpm_limit,
    tpmLimit: fields.tpm_limit,
    metadata,
    blocked: fields.blocked,
  };
}

/** LiteLLM's generate/regenerate answer: the plain key, shown this once, with the key's settings. */
function issuedKeyView(plainKey: string, row: VirtualKeyRow) {
  return { key: plainKey, token: row.token, ...keyView(row) };
}

export async function generateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const fields = await parseBody(request, generateKeySchema, ctx.maxBodyBytes);
  const actor = keyActorOf(principal);
  const { plainKey, row } = await createVirtualKey(ctx, actor, settingsOf(fields, guardrailMetadataOf(ctx, actor.authority, fields, undefined)), fields.key);
  return jsonResponse(200, issuedKeyView(plainKey, row));
}

export async function updateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const fields = await parseBody(request, updateKeySchema, ctx.maxBodyBytes);
  const actor = keyActorOf(principal);
  // Guardrail fields alone change the stored metadata, so it is read first; a given `metadata` replaces it, as before.
  const touchesGuardrails = fields.guardrails !== undefined || fields.disable_global_guardrails !== undefined || fields.metadata !== undefined;
  const current = touchesGuardrails ? (await findKeyOrThrow(ctx.keys, fields.key)).metadata : undefined;
  const row = await updateVirtualKey(ctx, actor, tokenOf(fields.key), settingsOf(fields, guardrailMetadataOf(ctx, actor.authority, fields, current)));
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
  await deleteVirtualKeys(ctx, keyActorOf(principal), { tokens: (body.keys ?? []).map(tokenOf), aliases: body.key_aliases ?? [] });
  return jsonResponse(200, { deleted_keys: [...(body.keys ?? []), ...(body.key_aliases ?? [])] });
}

export async function regenerateKey(ctx: GatewayContext, request: GatewayRequest, principal: Principal, pathKey?: string): Promise<GatewayResponse> {
  const body = await parseBody(request, regenerateKeySchema, ctx.maxBodyBytes);
  const reference = pathKey ?? body.key;
  if (!reference) throw new GatewayError("invalid_request", "key: which key to regenerate", { param: "key" });
  const { plainKey, row } = await regenerateVirtualKey(ctx, keyActorOf(principal), tokenOf(reference), body.new_key);
  return jsonResponse(200, issuedKeyView(plainKey, row));
}

export async function setKeyBlocked(ctx: GatewayContext, request: GatewayRequest, principal: Principal, blocked: boolean): Promise<GatewayResponse> {
  const body = await parseBody(request, keyOnlySchema, ctx.maxBodyBytes);
  const row = await setVirtualKeyBlocked(ctx, keyActorOf(principal), tokenOf(body.key), blocked);
  return jsonResponse(200, { key: body.key, ...keyView(row) });
}
