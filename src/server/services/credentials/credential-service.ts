import type { GatewayContext } from "../../gateway/context";
import type { CredentialValues } from "../../gateway/credentials/credential-values";
import { GatewayError } from "../../gateway/errors";
import { ServiceError } from "../service-error";
import type { CredentialForm } from "./credential-input";

export interface CredentialServiceContext {
  gateway: GatewayContext;
  /** Who acts, for the audit log. */
  actor: string;
}

const serviceCodes: Partial<Record<number, ServiceError["code"]>> = { 404: "not_found", 409: "conflict", 403: "forbidden" };

/**
 * Runs a credential operation of the gateway's domain, which speaks GatewayError (a missing salt
 * key is a 400); the dashboard speaks ServiceError, so every 4xx becomes one here with its reason.
 */
export async function credentialOperation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GatewayError && error.status >= 400 && error.status < 500) throw new ServiceError(serviceCodes[error.status] ?? "invalid", error.message);
    throw error;
  }
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
