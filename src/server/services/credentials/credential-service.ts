import type { GatewayContext } from "../../gateway/context";
import type { CredentialValues } from "../../gateway/credentials/credential-values";
import type { CredentialForm } from "./credential-input";

// The gateway's credential operations report refusals as GatewayError (a missing salt key is a
// 400); the dashboard's one error mapping (api/to-trpc-error.ts) names them for tRPC.

export interface CredentialServiceContext {
  gateway: GatewayContext;
  /** Who acts, for the audit log. */
  actor: string;
}

/** The form's fields with LiteLLM's names, as stored. */
export function valuesOf(form: CredentialForm): CredentialValues {
  const values: CredentialValues = { api_key: form.apiKey };
  if (form.apiBase) values.api_base = form.apiBase;
  if (form.apiVersion) values.api_version = form.apiVersion;
  if (form.organization) values.organization = form.organization;
  return values;
}

export function infoOf(form: CredentialForm): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  if (form.provider) info.custom_llm_provider = form.provider;
  if (form.description) info.description = form.description;
  return info;
}
