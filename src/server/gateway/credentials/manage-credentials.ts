import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { audit } from "../record-audit";
import type { CredentialValues } from "./credential-values";
import type { CredentialChange, CredentialSummary } from "./credential-store";

// The changes both doors make (the management API and the dashboard), each audited the same way.
// Audit entries name the credential and which values changed, never a value.

export interface NewCredential {
  name: string;
  values: CredentialValues;
  info: Record<string, unknown>;
}

export async function createCredential(ctx: GatewayContext, input: NewCredential, actor: string): Promise<CredentialSummary> {
  const summary = await ctx.credentials.create(input.name, input.values, input.info, actor);
  await audit(ctx, { actor, teamId: null, action: "credential.created", targetType: "credential", targetId: input.name, details: { values: Object.keys(input.values) } });
  return summary;
}

export async function updateCredential(ctx: GatewayContext, name: string, change: CredentialChange, actor: string): Promise<CredentialSummary> {
  const { summary, changedValues, endpointChanged } = await ctx.credentials.update(name, change, actor);
  // A moved endpoint is what an attempt to redirect a key would look like, so the entry names it apart.
  const details = { values: changedValues, mode: change.mode, ...(endpointChanged.length > 0 && { endpoint_changed: endpointChanged }) };
  await audit(ctx, { actor, teamId: null, action: "credential.updated", targetType: "credential", targetId: name, details });
  return summary;
}

export async function deleteCredential(ctx: GatewayContext, name: string, actor: string): Promise<void> {
  await ctx.credentials.remove(name);
  await audit(ctx, { actor, teamId: null, action: "credential.deleted", targetType: "credential", targetId: name });
}

/** The model groups whose deployments name this credential (`litellm_credential_name`). */
export function modelGroupsUsing(deployments: readonly Deployment[], name: string): string[] {
  const groups = deployments.filter((deployment) => deployment.publicParams.litellm_credential_name === name).map((deployment) => deployment.modelGroup);
  return [...new Set(groups)];
}
