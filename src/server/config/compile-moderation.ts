import type { Deployment, ModerationTarget } from "./types";

/** LiteLLM's defaults for `guardrail: openai_moderation`. */
const defaultApiBase = "https://api.openai.com/v1";
const defaultModel = "omni-moderation-latest";
/** Providers whose API has OpenAI's `/moderations`. */
const moderationProviders = new Set(["openai", "openai_compatible"]);

interface ModerationParams {
  model?: string;
  api_key?: string;
  api_base?: string;
}

/**
 * Where an `openai_moderation` guardrail sends its checks. As in LiteLLM: `api_base` (default
 * OpenAI's) with `api_key` (default OPENAI_API_KEY) and `model` (default omni-moderation-latest);
 * LiteLLM refuses to start without a key, and so does Switchyard. Switchyard's addition: with
 * neither api_key nor api_base, a `model` naming a model group of model_list is served by that
 * group's first OpenAI(-compatible) deployment, with its endpoint, key and model.
 */
export function compileModeration(
  params: ModerationParams,
  where: string,
  sources: { deployments: readonly Deployment[]; lookupEnv: (name: string) => string | undefined; timeoutSeconds: number },
  problems: string[],
): ModerationTarget | undefined {
  const group =
    params.api_key === undefined && params.api_base === undefined && params.model !== undefined ? sources.deployments.filter((deployment) => deployment.modelGroup === params.model) : [];
  if (group.length > 0) {
    const deployment = group.find((candidate) => moderationProviders.has(candidate.provider) && !candidate.storedCredential);
    if (!deployment) {
      problems.push(`${where}.model: model group "${params.model}" has no OpenAI or OpenAI-compatible deployment with its own api_base and key to serve /moderations`);
      return undefined;
    }
    return {
      url: `${deployment.apiBase.replace(/\/+$/, "")}/moderations`,
      apiKey: deployment.apiKey,
      model: deployment.upstreamModel,
      timeoutMs: deployment.timeoutMs,
      modelGroup: deployment.modelGroup,
    };
  }
  const apiKey = params.api_key ?? sources.lookupEnv("OPENAI_API_KEY");
  if (apiKey === undefined) {
    problems.push(
      `${where}.api_key: openai_moderation needs an API key (api_key, or OPENAI_API_KEY in the environment), or a model naming a model group of model_list that serves /moderations`,
    );
    return undefined;
  }
  let base: URL;
  try {
    base = new URL(params.api_base ?? defaultApiBase);
  } catch {
    problems.push(`${where}.api_base: not a URL`);
    return undefined;
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    problems.push(`${where}.api_base: must be an http(s) URL`);
    return undefined;
  }
  return { url: `${base.href.replace(/\/+$/, "")}/moderations`, apiKey, model: params.model ?? defaultModel, timeoutMs: sources.timeoutSeconds * 1000 };
}
