import { ConfigError } from "../../config/config-error";
import { parseConfig } from "../../config/load-config";
import type { ConfigCredential, Deployment } from "../../config/types";
import { urlEndpointFields } from "../credentials/endpoint-fields";
import { findEnvironmentReference } from "./stored-params";

/** A stored deployment as LiteLLM's API takes it: `model_name`, full `litellm_params`, `model_info`. */
export interface StoredEntry {
  id: string;
  modelName: string;
  params: Readonly<Record<string, unknown>>;
  modelInfo: Readonly<Record<string, unknown>>;
}

export interface CompileSources {
  /** config.yaml's credential_list, which a stored deployment may name. */
  configCredentials: readonly ConfigCredential[];
  azureApiVersionFromEnv?: string;
}

export type CompiledEntry = { ok: true; deployment: Deployment; warnings: readonly string[] } | { ok: false; problems: string[] };

/**
 * Compiles one stored entry with config.yaml's own compiler, as a one-entry `model_list`, so
 * every provider prefix, check and default applies exactly as for the file.
 *
 * Trust boundary: the values were typed by an admin over the API. The environment is never read
 * for them (no `os.environ/` references, no OPENAI_API_KEY-style fallbacks): a key of the
 * server's environment must not be sent to an api_base of the admin's choosing. A config.yaml
 * credential's secret likewise never goes to an endpoint only the stored entry names.
 */
export function compileStoredEntry(entry: StoredEntry, sources: CompileSources): CompiledEntry {
  const problems = ownProblems(entry, sources);
  if (problems.length > 0) return { ok: false, problems };
  const file = {
    model_list: [{ model_name: entry.modelName, litellm_params: entry.params, model_info: { ...entry.modelInfo, id: entry.id } }],
    credential_list: sources.configCredentials.map((credential) => ({ credential_name: credential.name, credential_values: credential.values, credential_info: credential.info })),
  };
  try {
    // JSON is YAML: the file's reader, schema and compiler see exactly what the API was given.
    const config = parseConfig(JSON.stringify(file), "stored deployment", { lookupEnv: () => undefined, azureApiVersionFromEnv: sources.azureApiVersionFromEnv });
    const deployment = config.deployments[0];
    if (!deployment) return { ok: false, problems: ["the deployment could not be compiled"] };
    if (deployment.provider === "unservable") return { ok: false, problems: [`litellm_params.model: "${String(entry.params.model)}" is a provider Switchyard cannot serve`] };
    const typedEndpoint = urlEndpointFields.some((field) => typeof entry.params[field] === "string");
    return {
      ok: true,
      deployment: { ...deployment, publicModelInfo: { ...deployment.publicModelInfo, db_model: true }, ...(typedEndpoint && { storedApiBase: true as const }) },
      warnings: config.warnings.map(withoutListPath),
    };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problems: error.problems.map(withoutListPath) };
    throw error;
  }
}

function ownProblems(entry: StoredEntry, sources: CompileSources): string[] {
  const problems: string[] = [];
  const reference = findEnvironmentReference(entry.params);
  if (reference !== undefined) {
    problems.push(`litellm_params.${reference}: os.environ/ references are read only in config.yaml; a stored deployment carries its own values (sealed with SWITCHYARD_SALT_KEY)`);
  }
  const vertexCredentials = entry.params.vertex_credentials;
  if (typeof vertexCredentials === "string" && !vertexCredentials.trimStart().startsWith("{")) {
    problems.push("litellm_params.vertex_credentials: give the service account's JSON itself; a file path is read only from config.yaml");
  }
  const credentialName = entry.params.litellm_credential_name;
  const listed = sources.configCredentials.find((credential) => credential.name === credentialName);
  const ownEndpoint = urlEndpointFields.some((field) => entry.params[field] !== undefined);
  const ownSecret = ["api_key", "aws_secret_access_key", "vertex_credentials"].some((key) => entry.params[key] !== undefined);
  const listedSecret = listed && Object.keys(listed.values).some((key) => key === "api_key" || key.startsWith("aws_secret") || key === "vertex_credentials");
  if (listedSecret && ownEndpoint && !ownSecret) {
    problems.push(
      `litellm_params.api_base: credential "${listed.name}" is config.yaml's, and its secrets go only where config.yaml says; leave api_base out, or give this deployment its own api_key`,
    );
  }
  // A stored credential's key is never readable through the API; a deployment of one's own
  // pointing it at a host of one's choosing must not read it either.
  if (typeof credentialName === "string" && !listed && ownEndpoint && !ownSecret) {
    problems.push(
      `litellm_params.api_base: credential "${credentialName}" keeps its secrets for its own endpoint; leave api_base out (the credential's is used), or give this deployment its own api_key`,
    );
  }
  return problems;
}

/** `model_list[0].litellm_params.model: ...` -> `litellm_params.model: ...` */
function withoutListPath(problem: string): string {
  return problem.replace(/^model_list\[0\]\.?/, "");
}
