import { readBuiltin } from "../testing/builtin-cost-map";
import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { CostMap } from "./cost-map";
import { compileModelPrice, hasTokenPrices } from "./model-price";

const raw = readBuiltin();

describe("CostMap from LiteLLM's file", () => {
  const costMap = new CostMap(raw);

  it("compiles every model entry and skips sample_spec and last_updated", () => {
    expect(costMap.price("sample_spec")).toBeUndefined();
    expect(costMap.price("last_updated")).toBeUndefined();
    expect(costMap.size).toBe(Object.keys(raw).length - 2);
    expect(costMap.price("gpt-4o")).toMatchObject({ provider: "openai", mode: "chat", input: 2.5e-6, output: 1e-5, cacheRead: 1.25e-6, tiers: [] });
  });

  it("compiles the above-200k tier and ignores the hour-based cache price", () => {
    expect(costMap.price("claude-sonnet-4-5")!.tiers).toEqual([{ aboveTokens: 200_000, input: 6e-6, output: 2.25e-5, cacheRead: 6e-7, cacheCreation: 7.5e-6 }]);
  });
});

describe("CostMap.priceForDeployment", () => {
  const costMap = new CostMap({
    "azure/gpt-4o": { input_cost_per_token: 1 },
    "gpt-4o": { input_cost_per_token: 2 },
    "gpt-4o-mini": { input_cost_per_token: 3 },
    "azure/gpt-4o-mini": { input_cost_per_token: 4 },
  });
  const inputPrice = (overrides: Parameters<typeof testDeployment>[1]) => costMap.priceForDeployment(testDeployment("d", overrides))?.input;

  it("looks up provider/model before the bare model name", () => {
    expect(inputPrice({ providerPrefix: "azure", provider: "azure", upstreamModel: "gpt-4o" })).toBe(1);
    expect(inputPrice({ providerPrefix: "openai", upstreamModel: "gpt-4o" })).toBe(2);
    expect(inputPrice({ providerPrefix: "groq", upstreamModel: "gpt-4o" })).toBe(2);
  });

  it("falls back to base_model, preferring the deployment's provider's price for it", () => {
    expect(inputPrice({ providerPrefix: "azure", upstreamModel: "my-eu-deployment", baseModel: "gpt-4o-mini" })).toBe(4);
    expect(inputPrice({ providerPrefix: "azure", upstreamModel: "my-eu-deployment", baseModel: "azure/gpt-4o" })).toBe(1);
    expect(inputPrice({ providerPrefix: "openai", upstreamModel: "ft:gpt-4o-mini:acme", baseModel: "gpt-4o-mini" })).toBe(3);
  });

  it("is undefined for a model it does not know", () => {
    expect(inputPrice({ upstreamModel: "my-private-model" })).toBeUndefined();
    expect(inputPrice({ upstreamModel: "my-private-model", baseModel: "also-unknown" })).toBeUndefined();
  });
});

describe("compileModelPrice", () => {
  it("drops prices that are not finite non-negative numbers", () => {
    const price = compileModelPrice({ input_cost_per_token: "0.1", output_cost_per_token: -1, cache_read_input_token_cost: Number.NaN });
    expect(price).toMatchObject({ input: undefined, output: undefined, cacheRead: undefined });
    expect(hasTokenPrices(price)).toBe(false);
  });

  it("orders tiers highest threshold first", () => {
    const price = compileModelPrice({ input_cost_per_token_above_128k_tokens: 2, input_cost_per_token_above_256k_tokens: 3, input_cost_per_token: 1 });
    expect(price.tiers.map((tier) => tier.aboveTokens)).toEqual([256_000, 128_000]);
  });
});

describe("CostMap: long-tail provider names", () => {
  const costMap = new CostMap({
    "ollama/llama3": { litellm_provider: "ollama", input_cost_per_token: 0, output_cost_per_token: 0, mode: "chat" },
    "azure_ai/mistral-large": { litellm_provider: "azure_ai", input_cost_per_token: 2e-6, output_cost_per_token: 6e-6, mode: "chat" },
  });

  it("prices ollama_chat/ deployments at the map's ollama/ entries, and lists ollama_chat as offering them", () => {
    const deployment = testDeployment("o", { providerPrefix: "ollama_chat", upstreamModel: "llama3" });
    expect(costMap.priceForDeployment(deployment)).toMatchObject({ provider: "ollama" });
    expect([...(costMap.providersOf("llama3") ?? [])].sort()).toEqual(["ollama", "ollama_chat"]);
  });

  it("knows azure_ai/ by its own names, so an azure_ai/* pattern covers the bare name", () => {
    expect(costMap.priceForDeployment(testDeployment("a", { providerPrefix: "azure_ai", upstreamModel: "mistral-large" }))).toMatchObject({ input: 2e-6 });
    expect(costMap.providersOf("mistral-large")).toEqual(new Set(["azure_ai"]));
  });
});
