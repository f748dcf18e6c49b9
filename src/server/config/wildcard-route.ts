import type { AwsEnvDefaults } from "./aws-connection";
import { connectionOf, environmentFallbacks, mergeConnection, type ConnectionFields, type ConnectionValues } from "./connection";
import { providerOf, supportedProviderPrefixes, type ProviderKind } from "./resolve-provider";
import type { Deployment } from "./types";

// LiteLLM's wildcard deployments (router_utils/pattern_match_deployments.py): the request's
// `*` segments go into the deployment's model in order, and the model they make names its
// provider as any model does, so `model: "*"` serves every provider with its own credentials.

/** What a deployment whose model has a `*` needs to serve a concrete name, compiled at load. */
export interface WildcardRoute {
  /** `litellm_params.model` as written, `*`s and all. */
  model: string;
  /** The entry's own connection values (with its credential's), as LiteLLM passes them whichever provider the name picks. */
  own: ConnectionValues;
  /** Each provider's environment fallbacks (GROQ_API_KEY, ...), read once at load. */
  fallbacks: Readonly<Record<string, ConnectionValues>>;
  azureApiVersionFromEnv?: string;
  awsFromEnv: AwsEnvDefaults;
}

export function compileWildcardRoute(
  model: string,
  own: ConnectionValues,
  lookupEnv: (name: string) => string | undefined,
  azureApiVersionFromEnv: string | undefined,
  awsFromEnv: AwsEnvDefaults,
): WildcardRoute | undefined {
  if (!model.includes("*")) return undefined;
  const fallbacks: Record<string, ConnectionValues> = {};
  for (const prefix of supportedProviderPrefixes) {
    const kind = providerOf(`${prefix}/x`);
    if (kind.ok) fallbacks[prefix] = environmentFallbacks(kind.provider, lookupEnv, prefix);
  }
  return { model, own, fallbacks, azureApiVersionFromEnv, awsFromEnv };
}

const wildcards = (text: string) => text.split("*").length - 1;

/**
 * A deployment model with more `*` than its model_name leaves one unfilled, and LiteLLM then
 * sends a literal `*` upstream: refused at load instead.
 */
export function wildcardCountProblem(modelName: string, model: string): string | undefined {
  const inModel = wildcards(model);
  const inName = wildcards(modelName);
  if (inModel <= inName) return undefined;
  return `"${model}" has ${inModel} "*" but model_name "${modelName}" has ${inName}, so a request could not fill them all and LiteLLM would send a literal "*" upstream; give model_name at least as many "*" (each fills the model's next one, in order)`;
}

/**
 * LiteLLM's set_deployment_model_name: each `*` of the deployment's model takes the next
 * segment the request's name matched; a pattern with more segments than the model has `*`s
 * sends the matched name itself.
 */
export function substituteWildcards(model: string, segments: readonly string[], matchedName: string): string {
  if (!model.includes("*")) return model;
  if (segments.length > wildcards(model)) return matchedName;
  let out = model;
  for (const segment of segments) out = out.replace("*", () => segment);
  return out;
}

/** The Switchyard prefix of a cost map's `litellm_provider` (`vertex_ai-language-models` is Vertex AI's). */
export function prefixOfCostMapProvider(litellmProvider: string): string | undefined {
  if (supportedProviderPrefixes.includes(litellmProvider)) return litellmProvider;
  const family = /^(vertex_ai|bedrock)[-_]/.exec(litellmProvider)?.[1];
  return family;
}

export type WildcardResolution = { ok: true; deployment: Deployment } | { ok: false; problem: string };

const connections = new WeakMap<WildcardRoute, Map<string, ConnectionFields>>();

/**
 * The deployment that serves `model` (the wildcard deployment's model with the request's segments
 * in): its provider from the name's prefix, else from the cost map's `litellm_provider` for it
 * (`costMapProvider`), as LiteLLM's get_llm_provider finds it.
 */
export function deploymentForModel(deployment: Deployment, route: WildcardRoute, model: string, costMapProvider: (name: string) => string | undefined): WildcardResolution {
  let kind: ProviderKind = providerOf(model);
  const prefixed = model.includes("/") && kind.ok;
  if (!prefixed) {
    const mapped = costMapProvider(model);
    const viaMap = mapped === undefined ? undefined : providerOf(`${mapped}/${model}`);
    if (viaMap?.ok) kind = viaMap;
    else if (route.model.startsWith("*")) {
      return { ok: false, problem: `no provider is known for "${model}": name it with its provider, as in anthropic/${model} (LiteLLM answers "LLM Provider NOT provided" too)` };
    } else kind = { ok: true, provider: deployment.provider, providerPrefix: deployment.providerPrefix, upstreamModel: model.slice(model.indexOf("/") + 1) };
  }
  if (!kind.ok) return { ok: false, problem: kind.problem };
  if (kind.providerPrefix === deployment.providerPrefix && kind.provider === deployment.provider) return { ok: true, deployment: { ...deployment, upstreamModel: kind.upstreamModel } };

  let byPrefix = connections.get(route);
  if (!byPrefix) connections.set(route, (byPrefix = new Map()));
  let connection = byPrefix.get(`${kind.provider}:${kind.providerPrefix}`);
  if (!connection) {
    connection = connectionOf(kind, mergeConnection(route.own, route.fallbacks[kind.providerPrefix] ?? {}), route.azureApiVersionFromEnv, route.awsFromEnv);
    byPrefix.set(`${kind.provider}:${kind.providerPrefix}`, connection);
  }
  if (connection.apiBase === undefined && kind.provider !== "unservable") {
    return { ok: false, problem: `"${model}" needs an api_base for provider "${kind.providerPrefix}", which deployment "${deployment.modelGroup}" does not give; add a deployment for it` };
  }
  return {
    ok: true,
    deployment: { ...deployment, provider: kind.provider, providerPrefix: kind.providerPrefix, upstreamModel: kind.upstreamModel, ...connection, apiBase: connection.apiBase ?? "" },
  };
}
