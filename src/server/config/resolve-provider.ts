import { longTailTargets, unservablePrefixes, type ProviderTarget } from "./long-tail-providers";
import type { ProviderName } from "./types";

/**
 * LiteLLM provider prefixes we can serve. Every OpenAI-compatible service is the same wire
 * protocol at another address, so they share one provider and differ only in the default base.
 */
const targets: Record<string, ProviderTarget> = {
  openai: { provider: "openai", defaultApiBase: "https://api.openai.com/v1" },
  azure: { provider: "azure" },
  anthropic: { provider: "anthropic", defaultApiBase: "https://api.anthropic.com" },
  // {region} is filled from aws_region_name (or AWS_REGION) when the deployment compiles: see aws-connection.ts.
  bedrock: { provider: "bedrock", defaultApiBase: "https://bedrock-runtime.{region}.amazonaws.com" },
  custom_openai: { provider: "openai_compatible" },
  openai_like: { provider: "openai_compatible" },
  hosted_vllm: { provider: "openai_compatible" },
  lm_studio: { provider: "openai_compatible" },
  groq: { provider: "openai_compatible", defaultApiBase: "https://api.groq.com/openai/v1" },
  together_ai: { provider: "openai_compatible", defaultApiBase: "https://api.together.xyz/v1" },
  fireworks_ai: { provider: "openai_compatible", defaultApiBase: "https://api.fireworks.ai/inference/v1" },
  deepseek: { provider: "openai_compatible", defaultApiBase: "https://api.deepseek.com/v1" },
  mistral: { provider: "openai_compatible", defaultApiBase: "https://api.mistral.ai/v1" },
  xai: { provider: "openai_compatible", defaultApiBase: "https://api.x.ai/v1" },
  openrouter: { provider: "openai_compatible", defaultApiBase: "https://openrouter.ai/api/v1" },
  deepinfra: { provider: "openai_compatible", defaultApiBase: "https://api.deepinfra.com/v1/openai" },
  perplexity: { provider: "openai_compatible", defaultApiBase: "https://api.perplexity.ai" },
  ...longTailTargets,
  vertex_ai: { provider: "vertex_ai", defaultApiBase: "" },
  vertex_ai_beta: { provider: "vertex_ai", defaultApiBase: "" },
  gemini: { provider: "gemini", defaultApiBase: "" },
};

export const supportedProviderPrefixes = Object.keys(targets);

export type ProviderKind =
  | {
      ok: true;
      provider: ProviderName;
      providerPrefix: string;
      upstreamModel: string;
      defaultApiBase?: string;
      /** A path the model adds under the configured base (long-tail-providers.ts, ModelShape). */
      apiBaseFor?: (base: string) => string;
      keyHeader?: string;
    }
  | { ok: false; problem: string; field: "model" };

export type ResolvedProvider =
  { ok: true; provider: ProviderName; providerPrefix: string; upstreamModel: string; apiBase: string } | { ok: false; problem: string; field: "model" | "api_base" };

/** `groq/llama-3.1-8b` -> the groq provider and `llama-3.1-8b`; a bare name is OpenAI's, as in LiteLLM. */
export function providerOf(model: string): ProviderKind {
  const slash = model.indexOf("/");
  const providerPrefix = slash === -1 ? "openai" : model.slice(0, slash);
  const upstreamModel = slash === -1 ? model : model.slice(slash + 1);
  const target = targets[providerPrefix] ?? (providerPrefix in unservablePrefixes ? { provider: "unservable" as const } : undefined);
  if (!target) {
    return {
      ok: false,
      field: "model",
      problem: `unknown provider "${providerPrefix}" in "${model}"; supported: ${supportedProviderPrefixes.join(", ")}`,
    };
  }
  if (upstreamModel === "") return { ok: false, field: "model", problem: `"${model}" names no model after the provider` };
  if (target.shape) {
    const shape = target.shape(upstreamModel);
    if ("problem" in shape) return { ok: false, field: "model", problem: shape.problem };
    return {
      ok: true,
      provider: target.provider,
      providerPrefix,
      upstreamModel: shape.upstreamModel ?? upstreamModel,
      defaultApiBase: shape.defaultApiBase ?? target.defaultApiBase,
      apiBaseFor: shape.apiBaseFor,
      keyHeader: target.keyHeader,
    };
  }
  // Claude on Azure AI Foundry speaks Anthropic's Messages API, as LiteLLM routes it.
  if (target.provider === "azure_ai" && upstreamModel.toLowerCase().includes("claude")) {
    return { ok: true, provider: "azure_ai_claude", providerPrefix, upstreamModel, defaultApiBase: target.defaultApiBase };
  }
  return { ok: true, provider: target.provider, providerPrefix, upstreamModel, defaultApiBase: target.defaultApiBase, keyHeader: target.keyHeader };
}

/** The provider and the base URL requests go to: the given api_base, else the provider's default. */
export function resolveProvider(model: string, apiBase: string | undefined): ResolvedProvider {
  const kind = providerOf(model);
  if (!kind.ok) return kind;
  const base = apiBase ?? kind.defaultApiBase;
  if (base === undefined && kind.provider === "unservable") return { ok: true, provider: kind.provider, providerPrefix: kind.providerPrefix, upstreamModel: kind.upstreamModel, apiBase: "" };
  if (base === undefined) return { ok: false, field: "api_base", problem: `is required for provider "${kind.providerPrefix}"` };
  const trimmed = base.replace(/\/+$/, "");
  return { ok: true, provider: kind.provider, providerPrefix: kind.providerPrefix, upstreamModel: kind.upstreamModel, apiBase: kind.apiBaseFor ? kind.apiBaseFor(trimmed) : trimmed };
}
