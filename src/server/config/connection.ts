import { awsConnectionKeys, awsConnectionOf, bedrockApiBase, type AwsConnectionValues, type AwsEnvDefaults } from "./aws-connection";
import type { ProviderKind } from "./resolve-provider";
import type { Deployment, ProviderName } from "./types";

/** How a deployment reaches its provider: the `litellm_params` a credential can supply. */
export interface ConnectionValues extends AwsConnectionValues {
  api_key?: string;
  api_base?: string;
  api_version?: string;
  organization?: string;
  /** Google Vertex AI: the project and region, and the service account (a file path or its JSON). */
  vertex_project?: string;
  vertex_location?: string;
  vertex_credentials?: string;
}

export const connectionKeys = [
  "api_key",
  "api_base",
  "api_version",
  "organization",
  "vertex_project",
  "vertex_location",
  "vertex_credentials",
  ...awsConnectionKeys,
] as const satisfies readonly (keyof ConnectionValues)[];

/** A deployment's connection fields; `apiBase` is undefined when neither the values nor the provider give one. */
export type ConnectionFields = Pick<Deployment, "apiKey" | "apiVersion" | "organization" | "vertex" | "aws"> & { apiBase: string | undefined };

/**
 * The entry's own values win and the credential fills in what the entry leaves unset, as
 * LiteLLM's `load_credentials_from_list` does: one credential can serve deployments that each
 * override, say, the api_base.
 */
export function mergeConnection(own: ConnectionValues, credential: Readonly<Record<string, string>> | ConnectionValues): ConnectionValues {
  const merged: ConnectionValues = { ...own };
  for (const key of connectionKeys) merged[key] ??= credential[key];
  return merged;
}

/** The connection fields of a deployment of this provider with these values. */
export function connectionOf(
  kind: Extract<ProviderKind, { ok: true }>,
  values: ConnectionValues,
  azureApiVersionFromEnv: string | undefined,
  awsFromEnv: AwsEnvDefaults = {},
): ConnectionFields {
  if (kind.provider === "bedrock") {
    const aws = awsConnectionOf(values, awsFromEnv);
    const apiBase = bedrockApiBase(values, awsFromEnv, kind.defaultApiBase ?? "", aws.region)?.replace(/\/+$/, "");
    return { apiBase, aws };
  }
  const base = (values.api_base ?? kind.defaultApiBase?.replace("{region}", values.aws_region_name ?? "us-east-1"))?.replace(/\/+$/, "");
  return {
    apiBase: base !== undefined && kind.apiBaseFor ? kind.apiBaseFor(base) : base,
    apiKey: values.api_key,
    apiVersion: values.api_version ?? (kind.provider === "azure" ? azureApiVersionFromEnv : undefined),
    organization: values.organization,
    ...(kind.provider === "vertex_ai" && { vertex: { project: values.vertex_project, location: values.vertex_location ?? "us-central1", credentials: values.vertex_credentials } }),
  };
}

/** LiteLLM's names where they are not `<PREFIX>_API_KEY` / `<PREFIX>_API_BASE`. */
const keyVariables: Record<string, readonly string[]> = {
  openai: ["OPENAI_API_KEY"],
  ai21_chat: ["AI21_API_KEY"],
  apertis: ["STIMA_API_KEY"],
  "nano-gpt": ["NANOGPT_API_KEY"],
  scaleway: ["SCW_SECRET_KEY"],
  veniceai: ["VENICE_AI_API_KEY"],
  friendliai: ["FRIENDLIAI_API_KEY", "FRIENDLI_TOKEN"],
  meta_llama: ["LLAMA_API_KEY"],
  bedrock_mantle: ["BEDROCK_MANTLE_API_KEY", "AWS_BEARER_TOKEN_BEDROCK"],
  together_ai: ["TOGETHERAI_API_KEY", "TOGETHER_AI_API_KEY"],
  huggingface: ["HF_TOKEN", "HUGGINGFACE_API_KEY"],
  azure_ai: ["AZURE_AI_API_KEY"],
};
const baseVariables: Record<string, readonly string[]> = {
  openai: ["OPENAI_BASE_URL", "OPENAI_API_BASE"],
  ai21_chat: ["AI21_API_BASE"],
  "nano-gpt": [],
  friendliai: ["FRIENDLI_API_BASE"],
  meta_llama: ["LLAMA_API_BASE"],
  azure_ai: ["AZURE_AI_API_BASE"],
};

/**
 * Values a provider takes from the environment when neither the entry nor its credential gives
 * them, as LiteLLM does (`AZURE_API_BASE`, `GROQ_API_KEY`, ...); they fill in last (see mergeConnection).
 */
export function environmentFallbacks(provider: ProviderName, lookupEnv: (name: string) => string | undefined, prefix: string = provider): ConnectionValues {
  if (provider === "gemini") return { api_key: lookupEnv("GEMINI_API_KEY") };
  if (provider === "vertex_ai") {
    return {
      vertex_project: lookupEnv("VERTEXAI_PROJECT"),
      vertex_location: lookupEnv("VERTEXAI_LOCATION"),
      vertex_credentials: lookupEnv("VERTEXAI_CREDENTIALS") ?? lookupEnv("GOOGLE_APPLICATION_CREDENTIALS"),
    };
  }
  // Bedrock reads the AWS variables itself (aws-connection.ts); unservable prefixes need nothing.
  if (provider === "bedrock" || provider === "unservable") return {};
  const first = (names: readonly string[]) => names.map(lookupEnv).find((value) => value !== undefined);
  const upper = prefix.toUpperCase();
  return {
    api_key: first(keyVariables[prefix] ?? [`${upper}_API_KEY`]),
    api_base: first(baseVariables[prefix] ?? [`${upper}_API_BASE`]),
    // Bedrock Mantle's default base names a region, found as LiteLLM finds it.
    ...(prefix === "bedrock_mantle" && { aws_region_name: first(["BEDROCK_MANTLE_REGION", "AWS_REGION_NAME", "AWS_REGION"]) }),
  };
}
