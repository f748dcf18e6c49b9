import type { Deployment } from "../../../config/types";
import type { CostMap } from "../../pricing/cost-map";
import { lowestBy, type PickStrategy } from "./types";

/** Input plus output price per token; undefined when neither the deployment nor the cost map has one. */
export type PriceOf = (deployment: Deployment) => number | undefined;

/** LiteLLM's default for a price missing from the cost map: $5 per token, so such a deployment comes last. */
const unknownTokenPrice = 5;
const unknownPrice = 2 * unknownTokenPrice;

/** The deployment's own prices (litellm_params), else those of the cost map in force at the pick. */
export function priceFromCostMap(current: () => CostMap): PriceOf {
  return (deployment) => {
    const price = current().priceForDeployment(deployment);
    const input = deployment.priceOverride?.inputCostPerToken ?? price?.input;
    const output = deployment.priceOverride?.outputCostPerToken ?? price?.output;
    if (input === undefined && output === undefined) return undefined;
    return (input ?? unknownTokenPrice) + (output ?? unknownTokenPrice);
  };
}

/**
 * LiteLLM's cost-based-routing (lowest_cost.py): the deployment with the lowest input + output
 * price per token (`input_cost_per_token`/`output_cost_per_token` of litellm_params, else the
 * cost map's); the first configured among equals, as LiteLLM's stable sort does.
 */
export function lowestCost(priceOf: PriceOf): PickStrategy {
  return (candidates) => lowestBy(candidates, (candidate) => priceOf(candidate.deployment) ?? unknownPrice)[0];
}
