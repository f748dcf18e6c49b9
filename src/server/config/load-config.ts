import { readFileSync } from "node:fs";
import type { z } from "zod";
import { ConfigError, formatYamlPath } from "./config-error";
import { compileFallbacks } from "./compile-fallbacks";
import { compileGuardrails } from "./compile-guardrails";
import { compileModelGroupAliases } from "./compile-model-group-aliases";
import { deriveDeploymentId } from "./deployment-id";
import { findUnknownKeys } from "./find-unknown-keys";
import { compileCallbacks } from "./compile-callbacks";
import { environmentVariablesOf, routerSettingsWarnings, servedStrategy } from "./litellm-settings";
import { readConfigYaml } from "./read-config-yaml";
import { resolveEnvRefs } from "./resolve-env-refs";
import { providerOf } from "./resolve-provider";
import { unservablePrefixes } from "./long-tail-providers";
import { accessKeyIdHint, awsDefaultsFromEnv, awsSecretKeys } from "./aws-connection";
import { connectionKeys, connectionOf, environmentFallbacks, mergeConnection, type ConnectionValues } from "./connection";
import { configFileSchema, requestDefaultKeys, type ConfigFile } from "./schema";
import type { ConfigCredential, Deployment, GatewayConfig, RouterSettings } from "./types";

export interface ConfigSources {
  /** Reads `os.environ/NAME` references and the env fallbacks below. */
  lookupEnv: (name: string) => string | undefined;
  masterKeyFromEnv?: string;
  /** SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS: start without guardrails Switchyard cannot enforce (warned). */
  skipUnavailableGuardrails?: boolean;
  azureApiVersionFromEnv?: string;
}

const routerDefaults: RouterSettings = {
  routingStrategy: "simple-shuffle",
  numRetries: 2,
  allowedFails: 3,
  cooldownSeconds: 5,
  timeoutSeconds: 600,
};

export function loadConfigFile(file: string, sources: ConfigSources): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseConfig(text, file, sources);
}

export function parseConfig(text: string, source: string, sources: ConfigSources): GatewayConfig {
  const yaml = readConfigYaml(text);
  if (yaml.errors.length > 0) throw new ConfigError(source, yaml.errors);
  const raw: unknown = yaml.raw ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(source, ["(top level): must be a mapping"]);

  const unused = findUnknownKeys(raw);
  const unusedPaths = new Set(unused.map((key) => key.path));
  const environment = environmentVariablesOf(raw);
  // LiteLLM exports environment_variables before it reads the rest, so references see them.
  const lookupEnv = (name: string) => environment.values[name] ?? sources.lookupEnv(name);
  const missing: string[] = [...environment.problems];
  // A reference under a key Switchyard does not read is never resolved: its variable need not exist.
  // Nor under guardrails: the one Switchyard has takes no secrets, and the others stop start-up with a clearer message.
  const resolved = resolveEnvRefs(raw, lookupEnv, missing, [], (path) => unusedPaths.has(path) || path.startsWith("environment_variables.") || path.startsWith("guardrails["));
  const parsed = configFileSchema.safeParse(resolved);
  const problems = [...missing, ...(parsed.success ? [] : describeIssues(parsed.error.issues))];
  if (!parsed.success || problems.length > 0) throw new ConfigError(source, problems);

  const credentials = compileCredentials(parsed.data, problems);
  // The AWS variables Bedrock falls back to may be environment_variables too, as LiteLLM exports them.
  const deployments = compileDeployments(parsed.data, raw as Record<string, unknown>, credentials, { ...sources, lookupEnv }, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  const warnings = [...yaml.warnings, ...environment.warnings, ...unused.map((key) => key.warning), ...routerSettingsWarnings(parsed.data), ...unservableWarnings(parsed.data)];
  const modelGroupAliases = compileModelGroupAliases(parsed.data, deployments, problems, warnings);
  const fallbacks = compileFallbacks(parsed.data, deployments, modelGroupAliases, problems, warnings);
  const observability = compileCallbacks(parsed.data.litellm_settings, parsed.data.callback_settings, lookupEnv, problems, warnings);
  const guardrails = compileGuardrails((resolved as Record<string, unknown>).guardrails, sources.skipUnavailableGuardrails === true, problems, warnings);
  if (problems.length > 0) throw new ConfigError(source, problems);

  const router = parsed.data.router_settings ?? {};
  const general = parsed.data.general_settings ?? {};
  const litellm = parsed.data.litellm_settings ?? {};
  return {
    source,
    deployments,
    credentials,
    router: {
      routingStrategy: servedStrategy(router.routing_strategy),
      tagFiltering: router.enable_tag_filtering === true ? true : undefined,
      numRetries: router.num_retries ?? litellm.num_retries ?? routerDefaults.numRetries,
      allowedFails: router.allowed_fails ?? routerDefaults.allowedFails,
      cooldownSeconds: router.cooldown_time ?? routerDefaults.cooldownSeconds,
      timeoutSeconds: timeoutSecondsOf(parsed.data),
    },
    modelGroupAliases,
    fallbacks,
    guardrails,
    observability,
    masterKey: general.master_key ?? sources.masterKeyFromEnv,
    allowedOrigins: general.allowed_origins ?? [],
    responsesAffinity: {
      enabled: general.responses_affinity ?? true,
      ttlDays: general.responses_affinity_ttl_days ?? 30,
      dropUnreadableReasoning: general.responses_drop_unreadable_reasoning ?? false,
    },
    maxBodyBytes: general.max_request_size_mb === undefined ? undefined : Math.round(general.max_request_size_mb * 1024 * 1024),
    spendWriteIntervalMs: general.proxy_batch_write_at === undefined ? undefined : Math.round(general.proxy_batch_write_at * 1000),
    environmentVariables: environment.values,
    warnings,
  };
}

function requestDefaultsOf(params: ConfigFile["model_list"][number]["litellm_params"]): Record<string, unknown> | undefined {
  const defaults = Object.fromEntries(requestDefaultKeys.filter((key) => params[key] !== undefined).map((key) => [key, params[key]]));
  return Object.keys(defaults).length > 0 ? defaults : undefined;
}

/** LiteLLM's default call timeout: router_settings.timeout, else litellm_settings.request_timeout. */
function timeoutSecondsOf(config: ConfigFile): number {
  return config.router_settings?.timeout ?? config.litellm_settings?.request_timeout ?? routerDefaults.timeoutSeconds;
}

/** One warning per deployment of a provider Switchyard knows but cannot serve (see unservablePrefixes). */
function unservableWarnings(config: ConfigFile): string[] {
  return config.model_list.flatMap((entry, index) => {
    const kind = providerOf(entry.litellm_params.model);
    if (!kind.ok || kind.provider !== "unservable") return [];
    const reason = unservablePrefixes[kind.providerPrefix];
    return [
      `model_list[${index}].litellm_params.model: "${entry.litellm_params.model}" cannot be served: ${reason}. The config starts; requests to model group "${entry.model_name}" that reach this deployment are answered 501`,
    ];
  });
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatYamlPath(issue.path)}: ${issue.message}`);
}

/** `credential_list`, by name; the values are kept only as strings (what a deployment can use). */
function compileCredentials(config: ConfigFile, problems: string[]): ConfigCredential[] {
  const seen = new Set<string>();
  return (config.credential_list ?? []).flatMap((entry, index) => {
    if (seen.has(entry.credential_name)) {
      problems.push(`credential_list[${index}].credential_name: "${entry.credential_name}" is listed twice`);
      return [];
    }
    seen.add(entry.credential_name);
    const values = Object.fromEntries(Object.entries(entry.credential_values).filter((pair): pair is [string, string] => typeof pair[1] === "string"));
    return [{ name: entry.credential_name, values, info: entry.credential_info ?? {} }];
  });
}

function compileDeployments(config: ConfigFile, raw: Record<string, unknown>, credentials: readonly ConfigCredential[], sources: ConfigSources, problems: string[]): Deployment[] {
  const rawList = (raw.model_list ?? []) as Array<Record<string, unknown>>;
  const timeoutSeconds = timeoutSecondsOf(config);
  const seen = new Map<string, number>();
  const deployments: Deployment[] = [];
  const awsFromEnv = awsDefaultsFromEnv(sources.lookupEnv);

  config.model_list.forEach((entry, index) => {
    const params = entry.litellm_params;
    const where = `model_list[${index}].litellm_params`;
    const own: ConnectionValues = Object.fromEntries(connectionKeys.flatMap((key) => (params[key] === undefined ? [] : [[key, params[key]]])));
    own.vertex_project ??= params.vertex_ai_project;
    own.vertex_location ??= params.vertex_ai_location;
    const credentialName = params.litellm_credential_name;
    const listed = credentialName === undefined ? undefined : credentials.find((credential) => credential.name === credentialName);
    // A name not in credential_list is a stored credential: it may be created after start, so its
    // values (an api_base among them) are only needed when a request uses it.
    const stored = credentialName !== undefined && !listed;
    const kind = providerOf(params.model);
    if (!kind.ok) {
      problems.push(`${where}.model: ${kind.problem}`);
      return;
    }
    const fallbacks = environmentFallbacks(kind.provider, sources.lookupEnv, kind.providerPrefix);
    const connection = connectionOf(kind, mergeConnection(listed ? mergeConnection(own, listed.values) : own, fallbacks), sources.azureApiVersionFromEnv, awsFromEnv);
    if (connection.apiBase === undefined && !stored && kind.provider !== "unservable") {
      const via = listed ? ` (credential "${listed.name}" gives none either)` : "";
      problems.push(`${where}.api_base: is required for provider "${kind.providerPrefix}"${via}`);
      return;
    }
    const id = entry.model_info?.id ?? deriveDeploymentId(entry.model_name, rawList[index]?.litellm_params);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      problems.push(
        entry.model_info?.id === undefined
          ? `model_list[${index}]: same model_name and litellm_params as model_list[${earlier}]; remove it or give each a model_info.id`
          : `model_list[${index}].model_info.id: duplicate deployment id "${id}" (also model_list[${earlier}])`,
      );
      return;
    }
    seen.set(id, index);

    // extra_headers may carry a secret of their own (a second auth header), and a service account's JSON holds its private key: never shown either.
    const { api_key: _secret, extra_headers: _headers, vertex_credentials: _serviceAccount, ...publicParams } = params;
    for (const key of awsSecretKeys) delete publicParams[key];
    if (typeof publicParams.aws_access_key_id === "string") publicParams.aws_access_key_id = accessKeyIdHint(publicParams.aws_access_key_id);
    deployments.push({
      id,
      modelGroup: entry.model_name,
      provider: kind.provider,
      providerPrefix: kind.providerPrefix,
      upstreamModel: kind.upstreamModel,
      ...connection,
      apiBase: connection.apiBase ?? "",
      extraHeaders: params.extra_headers,
      storedCredential: stored
        ? {
            name: credentialName,
            model: params.model,
            own,
            azureApiVersionFromEnv: sources.azureApiVersionFromEnv,
            fallbacks: Object.values(fallbacks).some((value) => value !== undefined) ? fallbacks : undefined,
            ...(kind.provider === "bedrock" && { awsFromEnv }),
          }
        : undefined,
      rpm: params.rpm,
      tpm: params.tpm,
      weight: params.weight,
      timeoutMs: (params.timeout ?? timeoutSeconds) * 1000,
      streamTimeoutMs: params.stream_timeout === undefined ? undefined : params.stream_timeout * 1000,
      maxRetries: params.max_retries,
      mode: entry.model_info?.mode ?? "chat",
      baseModel: entry.model_info?.base_model,
      accessGroups: entry.model_info?.access_groups ?? [],
      priceOverride:
        params.input_cost_per_token === undefined && params.output_cost_per_token === undefined
          ? undefined
          : { inputCostPerToken: params.input_cost_per_token, outputCostPerToken: params.output_cost_per_token },
      requestDefaults: requestDefaultsOf(params),
      tags: params.tags,
      dropParams: params.drop_params ?? config.litellm_settings?.drop_params,
      additionalDropParams: params.additional_drop_params,
      publicParams,
      publicModelInfo: { ...entry.model_info, id },
    });
  });
  return deployments;
}
