import type { Deployment } from "../../config/types";
import builtinPrices from "./builtin-prices.json";
import { compileModelPrice, type ModelPrice } from "./model-price";

/** Top-level entries of LiteLLM's map that are not models. */
const notModels = new Set(["sample_spec", "last_updated"]);

/**
 * A model cost map in LiteLLM's `model_prices_and_context_window.json` format, compiled once into
 * a name -> price table so pricing a request is one or two hash look-ups.
 */
export class CostMap {
  private readonly prices = new Map<string, ModelPrice>();

  constructor(raw: Record<string, unknown>) {
    for (const [name, entry] of Object.entries(raw)) {
      if (notModels.has(name) || typeof entry !== "object" || entry === null || Array.isArray(entry)) continue;
      this.prices.set(name, compileModelPrice(entry as Record<string, unknown>));
    }
  }

  static builtin(): CostMap {
    return new CostMap(builtinPrices as Record<string, unknown>);
  }

  get size(): number {
    return this.prices.size;
  }

  price(name: string): ModelPrice | undefined {
    return this.prices.get(name);
  }

  /** A deployment's price: `provider/model` first (Azure and others differ from OpenAI), then the bare name, then `base_model`. */
  priceForDeployment(deployment: Deployment): ModelPrice | undefined {
    const { providerPrefix, upstreamModel, baseModel } = deployment;
    return (
      this.prices.get(`${providerPrefix}/${upstreamModel}`) ??
      this.prices.get(upstreamModel) ??
      (baseModel === undefined ? undefined : (this.prices.get(`${providerPrefix}/${baseModel}`) ?? this.prices.get(baseModel)))
    );
  }
}
