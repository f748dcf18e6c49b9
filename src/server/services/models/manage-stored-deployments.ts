import type { GatewayContext } from "../../gateway/context";
import { createDeployment, deleteDeployment, updateDeployment } from "../../gateway/deployments/manage-deployments";
import { secretParamKeys } from "../../gateway/deployments/stored-params";
import { modelInfoOf, paramsOf, type DeploymentForm } from "./deployment-form";

// The Models page's changes go through the same operations as LiteLLM's model API, so they are
// checked, sealed, audited and announced to every instance the same way.

export interface DeploymentServiceContext {
  gateway: GatewayContext;
  actor: string;
}

export async function addStoredDeployment(ctx: DeploymentServiceContext, form: DeploymentForm): Promise<{ id: string }> {
  const row = await createDeployment(ctx.gateway, { modelName: form.modelName, params: paramsOf(form), modelInfo: modelInfoOf(form) }, ctx.actor);
  return { id: row.id };
}

/**
 * Saves the whole form: every public field as the form has it (an emptied field is removed),
 * secrets only when typed again (an empty one keeps the stored secret).
 */
export async function editStoredDeployment(ctx: DeploymentServiceContext, id: string, form: DeploymentForm): Promise<{ id: string }> {
  const given = paramsOf(form);
  const existing = await ctx.gateway.deployments.store.row(id);
  const removed = Object.keys(existing?.publicParams ?? {}).filter((key) => formFields.has(key) && given[key] === undefined);
  const params = { ...given, ...Object.fromEntries(removed.map((key) => [key, null])) };
  const info = { ...modelInfoOf(form), base_model: form.baseModel ?? null, mode: form.mode ?? null };
  await updateDeployment(ctx.gateway, id, { modelName: form.modelName, params, modelInfo: info }, ctx.actor);
  return { id };
}

export async function setStoredDeploymentDisabled(ctx: DeploymentServiceContext, id: string, disabled: boolean): Promise<{ id: string; disabled: boolean }> {
  await updateDeployment(ctx.gateway, id, { disabled }, ctx.actor);
  return { id, disabled };
}

export async function removeStoredDeployment(ctx: DeploymentServiceContext, id: string): Promise<{ id: string; deleted: true }> {
  await deleteDeployment(ctx.gateway, id, ctx.actor);
  return { id, deleted: true };
}

/** The public params the form edits (others set through the API are left as they are). */
const formFields: ReadonlySet<string> = new Set(
  ["api_base", "api_version", "aws_region_name", "vertex_project", "vertex_location", "rpm", "tpm", "input_cost_per_token", "output_cost_per_token"].filter(
    (key) => !secretParamKeys.includes(key),
  ),
);
