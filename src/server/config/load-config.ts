import { readFileSync } from "node:fs";
import type { z } from "zod";
import { ConfigError, formatYamlPath } from "./config-error";
import { compileFallbacks } from "./compile-fallbacks";
import { compileGuardrails, servedGuardrailTypes } from "./compile-guardrails";
import { compileModelGroupAliases } from "./compile-model-group-aliases";
import { deriveDeploymentId } from "./deployment-id";
import { findUnknownKeys } from "./find-unknown-keys";
import { compileCallbacks } from "./compile-callbacks";
import { environmentVariablesOf, routerSettingsWarnings, servedStrategy } from "./litellm-settings";
import { readAsLitellm } from "./read-as-litellm";
import { readConfigYaml } from "./read-config-yaml";
import { resolveEnvRefs } from "./resolve-env-refs";
import { providerOf } from "./resolve-provider";
import { unservablePrefixes } from "./long-tail-providers";
import { accessKeyIdHint, awsDefaultsFromEnv, awsSecretKeys } from "./aws-connection";
import { connectionKeys, connectionOf, environmentFallbacks, mergeConnection, type ConnectionValues } from "./connection";
import { configFileSchema, requestDefaultKeys, type ConfigFile } from "./schema";
import { compileWildcardRoute, wildcardCountProblem } from "./wildcard-route";
import type { ConfigCredential, Deployment, GatewayConfig, LatencyArgs, RouterSettings } from "./types";

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
  // Nor under guardrails Switchyard does not have: they stop start-up with a clearer message, or are left out.
  const unreadGuardrails = unservedGuardrailPaths(raw as Record<string, unknown>);
  const resolved = resolveEnvRefs(
    raw,
    lookupEnv,
    missing,
    [],
    (path) => unusedPaths.has(path) || path.startsWith("environment_variables.") || unreadGuardrails.has(/^guardrails\[\d+\]/.exec(path)?.[0] ?? ""),
  );
  const readingWarnings: string[] = [];
  const checked = readAsLitellm(resolved, readingWarnings);
  const parsed = configFileSchema.safeParse(checked);
  const problems = [...missing, ...(parsed.success ? [] : describeIssues(parsed.error.issues, checked))];
  if (!parsed.success || problems.length > 0) throw new ConfigError(source, problems);

  const credentials = compileCredentials(parsed.data, problems);
  // The AWS variables Bedrock falls back to may be environment_variables too, as LiteLLM exports them.
  const deploymentWarnings: string[] = [];
  const compiled = compileDeployments(parsed.data, raw as Record<string, unknown>, credentials, { ...sources, lookupEnv }, problems, deploymentWarnings);
  if (problems.length > 0) throw new ConfigError(source, problems);
  // A deployment that can only answer 501 would take its share of a group others can serve.
  const served = new Set(compiled.filter((deployment) => deployment.provider !== "unservable").map((deployment) => deployment.modelGroup));
  const deployments = compiled.filter((deployment) => deployment.provider !== "unservable" || !served.has(deployment.modelGroup));
  const warnings = [
    ...readingWarnings,
    ...deploymentWarnings,
    ...yaml.warnings,
    ...environment.warnings,
    ...unused.map((key) => key.warning),
    ...routerSettingsWarnings(parsed.data),
    ...unservableWarnings(parsed.data, served),
    ...oidcTokenWarnings(parsed.data),
  ];
  const modelGroupAliases = compileModelGroupAliases(parsed.data, deployments, problems, warnings);
  const fallbacks = compileFallbacks(parsed.data, deployments, modelGroupAliases, problems, warnings);
  const observability = compileCallbacks(parsed.data.litellm_settings, parsed.data.callback_settings, lookupEnv, problems, warnings);
  const guardrails = compileGuardrails(
    (resolved as Record<string, unknown>).guardrails,
    { skipUnavailable: sources.skipUnavailableGuardrails === true, deployments, lookupEnv, timeoutSeconds: timeoutSecondsOf(parsed.data) },
    problems,
    warnings,
  );
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
      preCallChecks: router.enable_pre_call_checks === true ? true : undefined,
      latency: router.routing_strategy_args ? latencyArgsOf(router.routing_strategy_args) : undefined,
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
    // LiteLLM's default interval is 300 s.
    healthChecks: { background: general.background_health_checks ?? false, intervalSeconds: general.health_check_interval ?? 300 },
    responsesAffinity: {
      enabled: general.responses_affinity ?? true,
      ttlDays: general.responses_affinity_ttl_days ?? 30,
      dropUnreadableReasoning: general.responses_drop_unreadable_reasoning ?? false,
    },
    maxBodyBytes: general.max_request_size_mb === undefined ? undefined : Math.round(general.max_request_size_mb * 1024 * 1024),
    storeModelInDb: general.store_model_in_db === true ? true : undefined,
    spendWriteIntervalMs: general.proxy_batch_write_at === undefined ? undefined : Math.round(general.proxy_batch_write_at * 1000),
    environmentVariables: environment.values,
    warnings,
  };
}

/** `guardrails[i]` of every entry whose type Switchyard does not have (or cannot tell). */
function unservedGuardrailPaths(raw: Record<string, unknown>): Set<string> {
  const list = Array.isArray(raw.guardrails) ? (raw.guardrails as unknown[]) : [];
  const paths = new Set<string>();
  list.forEach((entry, index) => {
    const params = (entry as { litellm_params?: { guardrail?: unknown } } | null)?.litellm_params;
    if (typeof params?.guardrail !== "string" || !servedGuardrailTypes.has(params.guardrail)) paths.add(`guardrails[${index}]`);
  });
  return paths;
}

type PriceFields = Partial<Record<"input_cost_per_token" | "output_cost_per_token" | "cache_read_input_token_cost" | "cache_creation_input_token_cost", number>>;

/** The deployment's own prices: litellm_params', else model_info's (where LiteLLM's UI writes them); unset ones come from the cost map. */
function priceOverrideOf(params: PriceFields, info: PriceFields | undefined): Deployment["priceOverride"] {
  const override = {
    inputCostPerToken: params.input_cost_per_token ?? info?.input_cost_per_token,
    outputCostPerToken: params.output_cost_per_token ?? info?.output_cost_per_token,
    cacheReadInputTokenCost: params.cache_read_input_token_cost ?? info?.cache_read_input_token_cost,
    cacheCreationInputTokenCost: params.cache_creation_input_token_cost ?? info?.cache_creation_input_token_cost,
  };
  const given = Object.entries(override).filter((pair) => pair[1] !== undefined);
  return given.length === 0 ? undefined : Object.fromEntries(given);
}

function requestDefaultsOf(params: ConfigFile["model_list"][number]["litellm_params"]): Record<string, unknown> | undefined {
  const defaults = Object.fromEntries(requestDefaultKeys.filter((key) => params[key] !== undefined).map((key) => [key, params[key]]));
  return Object.keys(defaults).length > 0 ? defaults : undefined;
}

/** LiteLLM's RoutingArgs defaults: samples count for an hour, no buffer, the last 10 kept. */
function latencyArgsOf(args: NonNullable<ConfigFile["router_settings"]>["routing_strategy_args"]): LatencyArgs {
  return { ttlMs: (args?.ttl ?? 3600) * 1000, buffer: args?.lowest_latency_buffer ?? 0, samples: args?.max_latency_list_size ?? 10 };
}

/** LiteLLM's default call timeout: router_settings.timeout, else litellm_settings.request_timeout. */
function timeoutSecondsOf(config: ConfigFile): number {
  return config.router_settings?.timeout ?? config.litellm_settings?.request_timeout ?? routerDefaults.timeoutSeconds;
}

/**
 * One warning per deployment of a provider Switchyard knows but cannot serve (see
 * unservablePrefixes): left out of a group that has deployments Switchyard can serve, else the
 * group answers 501.
 */
function unservableWarnings(config: ConfigFile, servedGroups: ReadonlySet<string>): string[] {
  return config.model_list.flatMap((entry, index) => {
    const kind = providerOf(entry.litellm_params.model);
    if (!kind.ok || kind.provider !== "unservable") return [];
    const reason = unservablePrefixes[kind.providerPrefix];
    const outcome = servedGroups.has(entry.model_name)
      ? `it is left out of model group "${entry.model_name}", whose other deployments serve its requests`
      : `requests to model group "${entry.model_name}" are answered 501`;
    return [`model_list[${index}].litellm_params.model: "${entry.litellm_params.model}" cannot be served: ${reason}. The config starts; ${outcome}`];
  });
}

/** LiteLLM fetches `oidc/...` web identity tokens from the named provider; Switchyard needs the token itself. */
function oidcTokenWarnings(config: ConfigFile): string[] {
  return config.model_list.flatMap((entry, index) =>
    entry.litellm_params.aws_web_identity_token?.startsWith("oidc/")
      ? [
          `model_list[${index}].litellm_params.aws_web_identity_token: "${entry.litellm_params.aws_web_identity_token}" asks LiteLLM to fetch an OIDC token from that provider, which Switchyard does not do; give the token itself (e.g. os.environ/AWS_WEB_IDENTITY_TOKEN). Until then its requests are answered 401`,
        ]
      : [],
  );
}

function describeIssues(issues: readonly z.core.$ZodIssue[], checked: unknown): string[] {
  return issues.map((issue) => `${formatYamlPath(issue.path)}: ${plainMessage(issue, valueAt(checked, issue.path))}`);
}

/** Zod's message, but for the two mistakes LiteLLM's own docs make most: a missing key, and a date YAML read from an unquoted value. */
function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code !== "invalid_type") return issue.message;
  if (value === undefined) return `is required${issue.expected === "object" ? " (a mapping; check the indentation of the keys meant to be under it)" : ""}`;
  if (value === null) return `has no value; ${issue.expected === "object" ? "the keys meant to be under it must be indented below it" : "give it one or remove the key"}`;
  if (value instanceof Date && issue.expected === "string") {
    const written = value.toISOString().slice(0, 10);
    return `YAML reads the unquoted ${written} as a date, which LiteLLM refuses too; quote it: "${written}"`;
  }
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
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

function compileDeployments(
  config: ConfigFile,
  raw: Record<string, unknown>,
  credentials: readonly ConfigCredential[],
  sources: ConfigSources,
  problems: string[],
  warnings: string[],
): Deployment[] {
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
    const countProblem = wildcardCountProblem(entry.model_name, params.model);
    if (countProblem) {
      problems.push(`${where}.model: ${countProblem}`);
      return;
    }
    const fallbacks = environmentFallbacks(kind.provider, sources.lookupEnv, kind.providerPrefix);
    const connection = connectionOf(kind, mergeConnection(listed ? mergeConnection(own, listed.values) : own, fallbacks), sources.azureApiVersionFromEnv, awsFromEnv);
    // Where STS is reached is the operator's to say (a config key, never a credential's value).
    if (connection.aws?.role && params.aws_sts_endpoint !== undefined) connection.aws.role.stsEndpoint = params.aws_sts_endpoint.replace(/\/+$/, "");
    if (connection.apiBase === undefined && !stored && kind.provider !== "unservable") {
      const via = listed ? ` (credential "${listed.name}" gives none either)` : "";
      problems.push(`${where}.api_base: is required for provider "${kind.providerPrefix}"${via}`);
      return;
    }
    if (params.max_retries !== undefined) {
      warnings.push(
        `${where}.max_retries: not used; LiteLLM's client retries the same deployment that many times, Switchyard retries failed requests on the group's other deployments, up to router_settings.num_retries`,
      );
    }
    // LiteLLM hands a catch-all's own key to whichever provider a request's name picks: say so, since that may be a provider the key is not for.
    if (params.model.startsWith("*") && params.api_key !== undefined && params.api_base === undefined) {
      warnings.push(
        `${where}.api_key: with model "${params.model}" this key goes to whichever provider a request's name picks (anthropic/..., gemini/..., ...), as in LiteLLM; to keep it to one provider, give that provider its own deployment, or leave api_key out so each provider uses its own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)`,
      );
    }
    if (kind.providerPrefix === "bedrock_mantle" && connection.apiKey === undefined && !stored) {
      warnings.push(
        `${where}.api_key: none here, in a credential, BEDROCK_MANTLE_API_KEY or AWS_BEARER_TOKEN_BEDROCK; LiteLLM would then sign with AWS SigV4, which Switchyard does not do for Bedrock Mantle, so requests go without credentials`,
      );
    }
    const id = entry.model_info?.id ?? deriveDeploymentId(entry.model_name, rawList[index]?.litellm_params);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      // An entry written twice gets one id, a hash of it, as in LiteLLM: it is one deployment, said so.
      if (entry.model_info?.id === undefined) {
        warnings.push(
          `model_list[${index}]: the same model_name and litellm_params as model_list[${earlier}], so the same deployment id; it is one deployment. Remove one, or give each a model_info.id to balance over two`,
        );
      } else {
        problems.push(`model_list[${index}].model_info.id: duplicate deployment id "${id}" (also model_list[${earlier}])`);
      }
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
      // A provider that also reads the key from a header of its own (Sarvam's api-subscription-key); extra_headers still win.
      extraHeaders: kind.keyHeader && connection.apiKey !== undefined ? { [kind.keyHeader]: connection.apiKey, ...params.extra_headers } : params.extra_headers,
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
      order: params.order,
      maxInputTokens: entry.model_info?.max_input_tokens,
      timeoutMs: (params.timeout ?? timeoutSeconds) * 1000,
      streamTimeoutMs: params.stream_timeout === undefined ? undefined : params.stream_timeout * 1000,
      mode: entry.model_info?.mode ?? "chat",
      baseModel: entry.model_info?.base_model,
      accessGroups: entry.model_info?.access_groups ?? [],
      priceOverride: priceOverrideOf(params, entry.model_info),
      requestDefaults: requestDefaultsOf(params),
      tags: params.tags,
      wildcardRoute: compileWildcardRoute(params.model, listed ? mergeConnection(own, listed.values) : own, sources.lookupEnv, sources.azureApiVersionFromEnv, awsFromEnv),
      dropParams: params.drop_params ?? config.litellm_settings?.drop_params,
      additionalDropParams: params.additional_drop_params,
      publicParams,
      publicModelInfo: { ...entry.model_info, id },
    });
  });
  return deployments;
}
