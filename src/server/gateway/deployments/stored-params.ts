import { awsSecretKeys } from "../../config/aws-connection";
import { hintOf } from "../credentials/credential-values";

/**
 * The `litellm_params` of a stored deployment that are sealed (SWITCHYARD_SALT_KEY) rather than
 * kept in the clear: keys, AWS secrets, a Vertex service account, and extra_headers, which may
 * carry a second auth header. The access key id is an identifier, sealed anyway so the database
 * never shows which account a deployment bills.
 */
export const secretParamKeys: readonly string[] = ["api_key", "vertex_credentials", "extra_headers", "aws_access_key_id", ...awsSecretKeys];
const secretKeys: ReadonlySet<string> = new Set(secretParamKeys);

/** Values that decide the host a deployment's secrets are sent to (see credentials/endpoint-fields.ts), and the provider. */
export const endpointParamKeys = [
  "model",
  "custom_llm_provider",
  "api_base",
  "base_url",
  "azure_endpoint",
  "aws_bedrock_runtime_endpoint",
  "aws_region_name",
  "vertex_location",
  "vertex_ai_location",
  "litellm_credential_name",
] as const;

/** Secrets as strings (extra_headers as JSON), the rest as given. */
export function splitParams(params: Readonly<Record<string, unknown>>): { publicParams: Record<string, unknown>; secrets: Record<string, string> } {
  const publicParams: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (!secretKeys.has(key)) publicParams[key] = value;
    else secrets[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { publicParams, secrets };
}

/** The full `litellm_params` again, for the compiler. */
export function joinParams(publicParams: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, string>>): Record<string, unknown> {
  const joined: Record<string, unknown> = { ...publicParams };
  for (const [key, value] of Object.entries(secrets)) joined[key] = key === "extra_headers" ? parseObject(value) : value;
  return joined;
}

export function secretHintsOf(secrets: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, hintOf(value)]));
}

function parseObject(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The first `os.environ/...` reference in a value, with its path. */
export function findEnvironmentReference(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.startsWith("os.environ/") ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findEnvironmentReference(inner, path === "" ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
