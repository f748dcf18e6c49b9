import type { Deployment } from "../../config/types";
import { compileModelPrice, type ModelPrice } from "./model-price";
import { bedrockCostMapNames } from "../providers/bedrock/cost-map-names";

/** Top-level entries of LiteLLM's map that are not models. */
export const notModels = new Set(["sample_spec", "last_updated"]);

/**
 * Prefixes that reach a provider's models under another name: LiteLLM prices `ollama_chat/llama3`
 * as `ollama/llama3`, and `ollama_chat/*` covers what the map lists as Ollama's.
 */
export const costMapProviderAliases: Readonly<Record<string, string>> = { ollama_chat: "ollama" };
const aliasesOf = new Map<string, string[]>();
for (const [alias, provider] of Object.entries(costMapProviderAliases)) aliasesOf.set(provider, [...(aliasesOf.get(provider) ?? []), alias]);

/** `vertex_ai-anthropic_models` belongs to `vertex_ai`, `bedrock_converse` to `bedrock`, as users write them. */
function providerFamilies(litellmProvider: string): string[] {
  const family = /^(vertex_ai|bedrock)[-_]/.exec(litellmProvider)?.[1];
  const families = family ? [litellmProvider, family] : [litellmProvider];
  return [...families, ...(aliasesOf.get(litellmProvider) ?? [])];
}

/**
 * A model cost map in LiteLLM's `model_prices_and_context_window.json` format, compiled once into
 * hash tables: name -> price, and bare model name -> the providers that offer it. Both belong to
 * this one version, so a newly applied map can never leave a stale "models per provider" behind.
 */
export class CostMap {
  private readonly prices = new Map<string, ModelPrice>();
  private readonly providersByModel = new Map<string, Set<string>>();
  private readonly modelsByProvider = new Map<string, Set<string>>();
  /** null: the map has no price for it. */
  private readonly deploymentPrices = new WeakMap<Deployment, ModelPrice | null>();

  constructor(raw: Record<string, unknown>) {
    for (const [name, entry] of Object.entries(raw)) {
      if (notModels.has(name) || typeof entry !== "object" || entry === null || Array.isArray(entry)) continue;
      const price = compileModelPrice(entry as Record<string, unknown>);
      this.prices.set(name, price);
      const slash = name.indexOf("/");
      const bare = slash === -1 ? name : name.slice(slash + 1);
      const providers = price.provider ? providerFamilies(price.provider) : [];
      if (slash !== -1) providers.push(name.slice(0, slash));
      for (const provider of providers) this.link(bare, provider);
    }
  }

  private link(model: string, provider: string): void {
    let providers = this.providersByModel.get(model);
    if (!providers) this.providersByModel.set(model, (providers = new Set()));
    providers.add(provider);
    let models = this.modelsByProvider.get(provider);
    if (!models) this.modelsByProvider.set(provider, (models = new Set()));
    models.add(model);
  }

  /** Providers that offer a bare model name (`claude-sonnet-4-6` -> anthropic, vertex_ai, ...). */
  providersOf(model: string): ReadonlySet<string> | undefined {
    return this.providersByModel.get(model);
  }

  /** Bare model names a provider offers, for listing what `anthropic/*` covers. */
  modelsOf(provider: string): ReadonlySet<string> | undefined {
    return this.modelsByProvider.get(provider);
  }

  /** The map's model names as written (`claude-sonnet-4-6`, `azure/gpt-4o`), for the rules page's coverage. */
  modelNames(): IterableIterator<string> {
    return this.prices.keys();
  }

  get size(): number {
    return this.prices.size;
  }

  price(name: string): ModelPrice | undefined {
    return this.prices.get(name);
  }

  /**
   * A deployment's price, by the first of its cost-map names the map has. Asked once per request
   * and the answer never changes for this map, so it is remembered per deployment.
   */
  priceForDeployment(deployment: Deployment): ModelPrice | undefined {
    const known = this.deploymentPrices.get(deployment);
    if (known !== undefined) return known ?? undefined;
    let found: ModelPrice | null = null;
    for (const name of costMapNamesOf(deployment)) {
      const price = this.prices.get(name);
      if (price) {
        found = price;
        break;
      }
    }
    this.deploymentPrices.set(deployment, found);
    return found ?? undefined;
  }
}

/** `provider/model` first (Azure and others differ from OpenAI), then the bare name, then `base_model` likewise. */
export function costMapNamesOf(deployment: Deployment): string[] {
  if (deployment.provider === "bedrock") return bedrockCostMapNames(deployment);
  const { providerPrefix, upstreamModel, baseModel } = deployment;
  const alias = costMapProviderAliases[providerPrefix];
  const names = [`${providerPrefix}/${upstreamModel}`, ...(alias ? [`${alias}/${upstreamModel}`] : []), upstreamModel];
  if (baseModel !== undefined) names.push(`${providerPrefix}/${baseModel}`, baseModel);
  return names;
}
