import { describe, expect, it } from "vitest";
import { CostMap } from "../../pricing/cost-map";
import { testDeployment } from "../../testing/builders";
import { DeploymentHealth } from "../deployment-health";
import { lowestCost, priceFromCostMap } from "./lowest-cost";

const costMap = new CostMap({
  "gpt-4o": { litellm_provider: "openai", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 },
  "gpt-4o-mini": { litellm_provider: "openai", input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7 },
});
const priceOf = priceFromCostMap(() => costMap);
const pick = lowestCost(priceOf);
const request = { now: 0, random: () => 0.99, streamed: false };
const health = (id: string, upstreamModel: string, overrides = {}) => new DeploymentHealth(testDeployment(id, { upstreamModel, ...overrides }));

describe("cost-based-routing", () => {
  it("picks the cheapest input + output price of the cost map", () => {
    expect(pick([health("big", "gpt-4o"), health("mini", "gpt-4o-mini")], request).deployment.id).toBe("mini");
  });

  it("takes the deployment's own prices over the cost map's", () => {
    const discounted = health("discounted", "gpt-4o", { priceOverride: { inputCostPerToken: 0, outputCostPerToken: 1e-7 } });
    expect(pick([health("mini", "gpt-4o-mini"), discounted], request).deployment.id).toBe("discounted");
  });

  it("puts a deployment the cost map does not price last ($5 a token, as LiteLLM)", () => {
    expect(priceOf(testDeployment("x", { upstreamModel: "unknown-model" }))).toBeUndefined();
    expect(pick([health("unknown", "unknown-model"), health("big", "gpt-4o")], request).deployment.id).toBe("big");
  });

  it("takes the first configured among equal prices, whatever the random draw", () => {
    expect(pick([health("first", "gpt-4o"), health("second", "gpt-4o")], request).deployment.id).toBe("first");
  });
});
