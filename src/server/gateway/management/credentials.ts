import { z } from "zod";
import type { GatewayContext } from "../context";
import { credentialInfoSchema, credentialNameSchema, credentialValuesSchema } from "../credentials/credential-values";
import type { CredentialSummary } from "../credentials/credential-store";
import { createCredential, deleteCredential, modelGroupsUsing, updateCredential } from "../credentials/manage-credentials";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { actorOf, type Principal } from "../keys/principal";
import { parseBody } from "./parse-body";

// LiteLLM's credential endpoints: POST/GET /credentials, GET /credentials/by_name/{name},
// PATCH (or POST) and DELETE /credentials/{name}. No answer ever carries a value, only hints.

const createSchema = z.looseObject({
  credential_name: credentialNameSchema,
  credential_values: credentialValuesSchema.refine((values) => Object.keys(values).length > 0, "give at least one value (api_key, api_base, ...)"),
  credential_info: credentialInfoSchema.optional(),
});

const updateSchema = z.looseObject({
  credential_name: z.string().optional(),
  /** A value of null removes it; a value sent back as its masked hint keeps the stored one. */
  credential_values: z
    .record(z.string().min(1).max(64), z.string().min(1).max(16_384).nullable())
    .superRefine((values, context) => {
      // What is set must be valid as on creation; removed values (null) need no check.
      const given = Object.fromEntries(Object.entries(values).filter((pair) => pair[1] !== null));
      for (const issue of credentialValuesSchema.safeParse(given).error?.issues ?? []) context.addIssue({ code: "custom", path: issue.path, message: issue.message });
    })
    .optional(),
  credential_info: credentialInfoSchema.optional(),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A credential as LiteLLM lists it, values masked, with where it comes from and who uses it. */
function credentialView(ctx: GatewayContext, summary: CredentialSummary) {
  return {
    credential_name: summary.name,
    credential_values: summary.hints,
    credential_info: summary.info,
    source: summary.source === "config" ? "config" : "db",
    used_by_models: modelGroupsUsing(ctx.config.deployments, summary.name),
    created_by: summary.createdBy,
    created_at: iso(summary.createdAt),
    updated_by: summary.updatedBy,
    updated_at: iso(summary.updatedAt),
  };
}

export async function createCredentialRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, createSchema, ctx.maxBodyBytes);
  const summary = await createCredential(ctx, { name: body.credential_name, values: body.credential_values, info: body.credential_info ?? {} }, actorOf(principal));
  return jsonResponse(200, { success: true, message: "Credential created successfully", credential: credentialView(ctx, summary) });
}

export async function listCredentialsRoute(ctx: GatewayContext): Promise<GatewayResponse> {
  const summaries = await ctx.credentials.list();
  return jsonResponse(200, { success: true, credentials: summaries.map((summary) => credentialView(ctx, summary)) });
}

export async function credentialByNameRoute(ctx: GatewayContext, name: string): Promise<GatewayResponse> {
  const summary = await ctx.credentials.summary(name);
  if (!summary) throw new GatewayError("not_found", `No credential named "${name}"`, { param: "credential_name" });
  return jsonResponse(200, credentialView(ctx, summary));
}

export async function updateCredentialRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal, name: string): Promise<GatewayResponse> {
  const body = await parseBody(request, updateSchema, ctx.maxBodyBytes);
  if (body.credential_name !== undefined && body.credential_name !== name) {
    throw new GatewayError("invalid_request", "credential_name: credentials cannot be renamed (deployments name them); create a new one and delete this one", { param: "credential_name" });
  }
  const summary = await updateCredential(ctx, name, { values: body.credential_values, info: body.credential_info, mode: "merge" }, actorOf(principal));
  return jsonResponse(200, { success: true, message: "Credential updated successfully", credential: credentialView(ctx, summary) });
}

export async function deleteCredentialRoute(ctx: GatewayContext, principal: Principal, name: string): Promise<GatewayResponse> {
  await deleteCredential(ctx, name, actorOf(principal));
  return jsonResponse(200, { success: true, message: "Credential deleted successfully" });
}
