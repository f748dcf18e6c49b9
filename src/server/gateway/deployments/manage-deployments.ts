import { randomUUID } from "node:crypto";
import type { ModelDeploymentRow } from "../../db/schema";
import { audit } from "../audit";
import type { GatewayContext } from "../context";
import { hintOf } from "../credentials/credential-values";
import { checkCredentialEndpoints } from "../credentials/check-endpoint";
import { urlEndpointFields } from "../credentials/endpoint-fields";
import { GatewayError } from "../errors";
import { compileStoredEntry } from "./compile-stored-deployment";
import type { DeploymentWrite } from "./deployment-store";
import { endpointParamKeys, secretParamKeys } from "./stored-params";

// The changes both doors make (the model API and the Models page), each checked, audited and
// announced the same way. Audit rows name the params that changed, never a value.

export interface NewDeployment {
  id?: string;
  modelName: string;
  params: Record<string, unknown>;
  modelInfo: Record<string, unknown>;
  disabled?: boolean;
}

/** `null` removes a param or a model_info field; a secret sent back as its masked hint keeps the stored one. */
export interface DeploymentChange {
  modelName?: string;
  params?: Record<string, unknown>;
  modelInfo?: Record<string, unknown>;
  disabled?: boolean;
}

const storeDisabledMessage =
  "general_settings.store_model_in_db is not true, so deployments cannot be added, changed or deleted at run time (LiteLLM's STORE_MODEL_IN_DB); set it in config.yaml and restart, or edit model_list";

function requireStoreEnabled(ctx: GatewayContext): void {
  if (ctx.config.storeModelInDb !== true) throw new GatewayError("store_model_in_db_disabled", storeDisabledMessage);
}

export async function createDeployment(ctx: GatewayContext, input: NewDeployment, actor: string): Promise<ModelDeploymentRow> {
  requireStoreEnabled(ctx);
  const id = input.id ?? randomUUID();
  refuseConfigId(ctx, id);
  const write: DeploymentWrite = { modelName: input.modelName, params: input.params, modelInfo: withoutId(input.modelInfo), disabled: input.disabled ?? false };
  await check(ctx, id, write, urlEndpointFields);
  const row = await ctx.deployments.store.insert(id, write, actor);
  if (!row) throw new GatewayError("conflict", `A deployment with id "${id}" already exists; change it with POST /model/update`, { param: "model_info.id" });
  await audit(ctx, {
    actor,
    teamId: null,
    action: "deployment.created",
    targetType: "deployment",
    targetId: id,
    details: { model_name: write.modelName, params: Object.keys(write.params).sort() },
  });
  await announce(ctx, id);
  return row;
}

export async function updateDeployment(ctx: GatewayContext, id: string, change: DeploymentChange, actor: string): Promise<ModelDeploymentRow> {
  requireStoreEnabled(ctx);
  refuseConfigId(ctx, id);
  const existing = await ctx.deployments.store.row(id);
  if (!existing) throw notFound(id);
  const opened = ctx.deployments.store.open(existing);
  if (!opened.ok) throw new GatewayError("credential_unusable", `Deployment "${id}" cannot be changed: ${opened.reason}; delete it and add it again`);
  const current = opened.entry.params;
  const params = change.params === undefined ? { ...current } : mergeParams(current, change.params);
  const changedParams = [...new Set([...Object.keys(current), ...Object.keys(params)])].filter((key) => JSON.stringify(current[key]) !== JSON.stringify(params[key])).sort();
  const moved = endpointParamKeys.filter((key) => JSON.stringify(current[key]) !== JSON.stringify(params[key]));
  if (moved.length > 0) requireSecretsResent(params, change.params ?? {}, current, moved);
  const write: DeploymentWrite = {
    modelName: change.modelName ?? existing.modelName,
    params,
    modelInfo: change.modelInfo === undefined ? existing.modelInfo : withoutId(mergeInfo(existing.modelInfo, change.modelInfo)),
    disabled: change.disabled ?? existing.disabled,
  };
  // Only a moved endpoint is checked, as for credentials: an address allowed once stays allowed until it moves.
  await check(
    ctx,
    id,
    write,
    urlEndpointFields.filter((field) => moved.includes(field)),
  );
  const row = await ctx.deployments.store.replace(existing, write, actor);
  const details = {
    model_name: write.modelName,
    params: changedParams,
    ...(change.disabled !== undefined && { disabled: write.disabled }),
    ...(moved.length > 0 && { endpoint_changed: moved }),
  };
  await audit(ctx, { actor, teamId: null, action: "deployment.updated", targetType: "deployment", targetId: id, details });
  await announce(ctx, id);
  return row;
}

export async function deleteDeployment(ctx: GatewayContext, id: string, actor: string): Promise<void> {
  requireStoreEnabled(ctx);
  refuseConfigId(ctx, id);
  if (!(await ctx.deployments.store.remove(id))) throw notFound(id);
  await audit(ctx, { actor, teamId: null, action: "deployment.deleted", targetType: "deployment", targetId: id });
  await announce(ctx, id);
}

/** This instance serves the change before the answer goes out; the others hear of it at once (and poll within a second). */
async function announce(ctx: GatewayContext, id: string): Promise<void> {
  await ctx.deployments.sync();
  await ctx.fleet.bus.publish({ kind: "deployment", id });
}

/** The entry must compile as config.yaml's would, and a URL it names must be one a stored endpoint may name. */
async function check(ctx: GatewayContext, id: string, write: DeploymentWrite, urlFields: readonly string[]): Promise<void> {
  const compiled = compileStoredEntry({ id, modelName: write.modelName, params: write.params, modelInfo: write.modelInfo }, ctx.deployments.sources);
  if (!compiled.ok) {
    const first = compiled.problems[0] ?? "invalid deployment";
    throw new GatewayError("invalid_request", compiled.problems.join("; "), { param: /^([\w.[\]]+):/.exec(first)?.[1] ?? null });
  }
  const values = Object.fromEntries(urlFields.flatMap((field) => (typeof write.params[field] === "string" ? [[field, write.params[field]]] : [])));
  try {
    await checkCredentialEndpoints(values, urlFields, { allowedHosts: ctx.credentials.allowedHosts });
  } catch (error) {
    if (error instanceof GatewayError && error.code === "credential_endpoint_refused") {
      throw new GatewayError("credential_endpoint_refused", error.message.replace("credential_values.", "litellm_params.").replace("a credential's endpoint", "a deployment's endpoint"), {
        param: error.param?.replace("credential_values.", "litellm_params.") ?? null,
      });
    }
    throw error;
  }
}

function refuseConfigId(ctx: GatewayContext, id: string): void {
  if (ctx.deployments.configDeployments.some((deployment) => deployment.id === id)) {
    throw new GatewayError("deployment_read_only", `Deployment "${id}" comes from config.yaml (db_model: false); change it in the file`, { param: "id" });
  }
}

function notFound(id: string): GatewayError {
  return new GatewayError("not_found", `No stored deployment with id "${id}"`, { param: "id" });
}

function mergeParams(current: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (!(secretParamKeys.includes(key) && isHintOf(current[key], value))) next[key] = value;
  }
  return next;
}

function mergeInfo(current: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** A form saved unchanged sends the masked hint back: that keeps the stored secret. */
function isHintOf(stored: unknown, given: unknown): boolean {
  if (stored === undefined || typeof given !== "string") return false;
  return given === hintOf(typeof stored === "string" ? stored : JSON.stringify(stored));
}

/**
 * Trust boundary: whoever may edit a deployment must not be able to point its stored key at a
 * host (or provider) of their choosing. A change that moves the endpoint carries every secret
 * it keeps, as a new value; the masked hint or its absence does not count.
 */
function requireSecretsResent(next: Readonly<Record<string, unknown>>, given: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>, moved: readonly string[]): void {
  const carried = secretParamKeys.filter((key) => next[key] !== undefined && (given[key] === undefined || isHintOf(current[key], given[key])));
  if (carried.length === 0) return;
  throw new GatewayError(
    "credential_secret_required",
    `Changing ${moved.join(", ")} changes where this deployment's secrets are sent, so send ${carried.join(", ")} again in the same request: a stored secret is never sent to a new endpoint without it`,
    { param: `litellm_params.${carried[0]}` },
  );
}

function withoutId(info: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, db_model: _dbModel, ...rest } = info;
  return rest;
}
