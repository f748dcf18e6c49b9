import { readBuiltin } from "../testing/builtin-cost-map";
import { describe, expect, it } from "vitest";
import { computeCost } from "./compute-cost";
import { CostMap } from "./cost-map";
import type { ModelPrice } from "./model-price";
import { noUsage, type Usage } from "./usage";

// LiteLLM's real cost map, read where it lives; never copied into the project.
const costMap = new CostMap(readBuiltin());

function priceOf(name: string): ModelPrice {
  const price = costMap.price(name);
  if (!price) throw new Error(`${name} is not in the cost map`);
  return price;
}

function usage(fields: Partial<Usage>): Usage {
  return { ...noUsage, ...fields };
}

describe("computeCost with LiteLLM's cost map", () => {
  it("prices gpt-4o prompt and completion tokens", () => {
    const cost = computeCost(usage({ promptTokens: 1000, completionTokens: 500 }), priceOf("gpt-4o"));
    expect(cost).toBeCloseTo(1000 * 2.5e-6 + 500 * 1e-5, 12);
  });

  it("prices cached prompt tokens at cache_read_input_token_cost, once", () => {
    const cost = computeCost(usage({ promptTokens: 1000, cachedTokens: 400, completionTokens: 500 }), priceOf("gpt-4o"));
    expect(cost).toBeCloseTo(600 * 2.5e-6 + 400 * 1.25e-6 + 500 * 1e-5, 12);
  });

  it("prices Anthropic cache writes at their own price", () => {
    const cost = computeCost(usage({ promptTokens: 3000, cachedTokens: 500, cacheCreationTokens: 1500, completionTokens: 200 }), priceOf("claude-sonnet-4-5"));
    expect(cost).toBeCloseTo(1000 * 3e-6 + 500 * 3e-7 + 1500 * 3.75e-6 + 200 * 1.5e-5, 12);
  });

  it("uses claude-sonnet-4-5's _above_200k_tokens prices past 200k prompt tokens", () => {
    const long = usage({ promptTokens: 250_000, cachedTokens: 10_000, cacheCreationTokens: 20_000, completionTokens: 1000 });
    expect(computeCost(long, priceOf("claude-sonnet-4-5"))).toBeCloseTo(220_000 * 6e-6 + 10_000 * 6e-7 + 20_000 * 7.5e-6 + 1000 * 2.25e-5, 10);
    const atThreshold = usage({ promptTokens: 200_000, completionTokens: 1000 });
    expect(computeCost(atThreshold, priceOf("claude-sonnet-4-5"))).toBeCloseTo(200_000 * 3e-6 + 1000 * 1.5e-5, 10);
  });

  it("prices reasoning tokens at output_cost_per_reasoning_token where the model has one", () => {
    const qwen = priceOf("dashscope/qwen-turbo");
    expect(qwen).toMatchObject({ output: 2e-7, reasoning: 5e-7 });
    const cost = computeCost(usage({ promptTokens: 100, completionTokens: 1000, reasoningTokens: 600 }), qwen);
    expect(cost).toBeCloseTo(100 * qwen.input! + 400 * 2e-7 + 600 * 5e-7, 14);
  });

  it("prices reasoning tokens as output where the model has no reasoning price", () => {
    const cost = computeCost(usage({ promptTokens: 0, completionTokens: 1000, reasoningTokens: 600 }), priceOf("gpt-4o"));
    expect(cost).toBeCloseTo(1000 * 1e-5, 12);
  });

  it("prices gpt-realtime audio tokens at the audio prices", () => {
    const cost = computeCost(usage({ promptTokens: 1000, audioPromptTokens: 300, completionTokens: 500, audioCompletionTokens: 200 }), priceOf("gpt-realtime"));
    expect(cost).toBeCloseTo(700 * 4e-6 + 300 * 3.2e-5 + 300 * 1.6e-5 + 200 * 6.4e-5, 12);
  });

  it("lets a deployment's price override win over the map", () => {
    const tokens = usage({ promptTokens: 1000, completionTokens: 500 });
    expect(computeCost(tokens, priceOf("gpt-4o"), { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 })).toBeCloseTo(1000 * 1e-6 + 500 * 2e-6, 12);
    expect(computeCost(tokens, priceOf("gpt-4o"), { inputCostPerToken: 1e-6 })).toBeCloseTo(1000 * 1e-6 + 500 * 1e-5, 12);
    expect(computeCost(tokens, undefined, { outputCostPerToken: 2e-6 })).toBeCloseTo(500 * 2e-6, 12);
  });

  it("overrides the long-context tier too", () => {
    const cost = computeCost(usage({ promptTokens: 300_000, completionTokens: 10 }), priceOf("claude-sonnet-4-5"), { inputCostPerToken: 1e-6, outputCostPerToken: 1e-6 });
    expect(cost).toBeCloseTo(300_010 * 1e-6, 10);
  });

  it("is undefined, not 0, without a price", () => {
    expect(computeCost(usage({ promptTokens: 10, completionTokens: 10 }), undefined)).toBeUndefined();
    expect(computeCost(usage({ promptTokens: 10 }), priceOf("dall-e-3"))).toBeUndefined();
    expect(computeCost(usage({}), priceOf("gpt-4o"))).toBe(0);
  });
});
