import { GatewayError } from "../errors";
import { hintOf, type CredentialValues } from "./credential-values";

/**
 * Values that decide which host a credential's secrets are sent to. `api_base` is the one the
 * providers read today (Azure's resource endpoint is its api_base too); the others are LiteLLM's
 * names for the same thing on other providers, listed so a provider added later cannot quietly
 * reopen the hole. `api_version` and `organization` are not here: they change a path or a header
 * on the same host, never the host.
 */
export const urlEndpointFields = ["api_base", "base_url", "azure_endpoint", "aws_bedrock_runtime_endpoint"] as const;
/** Regions a provider builds its host name from. */
export const regionEndpointFields = ["aws_region_name", "vertex_location"] as const;
export const endpointFields = [...urlEndpointFields, ...regionEndpointFields] as const;

/** Values that are neither secret nor worth re-typing; anything else, unknown names included, counts as a secret. */
const publicFields: ReadonlySet<string> = new Set<string>([...endpointFields, "api_version", "organization"]);

/** The endpoint fields whose value differs between the two (added, removed or changed). */
export function changedEndpointFields(before: CredentialValues, after: CredentialValues): string[] {
  return endpointFields.filter((field) => before[field] !== after[field]);
}

/**
 * Trust boundary: whoever may edit a credential must not be able to point its stored key at a
 * host of their choosing and have the gateway deliver it there. So a change that moves the
 * endpoint must carry every secret it keeps, as a new value, not its masked hint or its absence.
 */
export function requireSecretsForEndpointChange(current: CredentialValues, changes: Record<string, string | null>, next: CredentialValues): void {
  const moved = changedEndpointFields(current, next);
  if (moved.length === 0) return;
  const resent = (key: string) => {
    const given = changes[key];
    return typeof given === "string" && (current[key] === undefined || given !== hintOf(current[key]));
  };
  const carried = Object.keys(next).filter((key) => !publicFields.has(key) && !resent(key));
  if (carried.length === 0) return;
  throw new GatewayError(
    "credential_secret_required",
    `Changing ${moved.join(", ")} changes where this credential's secrets are sent, so send ${carried.join(", ")} again in the same request: a stored secret is never sent to a new endpoint without it`,
    { param: `credential_values.${carried[0]}` },
  );
}
