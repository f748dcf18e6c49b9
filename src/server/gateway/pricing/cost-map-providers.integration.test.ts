import { describe, expect, it } from "vitest";
import { readCopy } from "../testing/cost-map-copies";
import { testDeployment } from "../testing/builders";
import { CostMap, costMapNamesOf } from "./cost-map";

const feb17a = new CostMap(readCopy("feb17a"));
const feb17b = new CostMap(readCopy("feb17b"));
const providers = (map: CostMap, model: string) => [...(map.providersOf(model) ?? [])].sort();

describe("CostMap.providersOf on the real copies", () => {
  it("knows claude-sonnet-4-6 under every provider that offers it, from the 17b copy on", () => {
    expect(feb17a.providersOf("claude-sonnet-4-6")).toBeUndefined();
    // `vertex_ai/claude-sonnet-4-6` has litellm_provider `vertex_ai-anthropic_models`: both count.
    expect(providers(feb17b, "claude-sonnet-4-6")).toEqual(["anthropic", "azure_ai", "vertex_ai", "vertex_ai-anthropic_models"]);
  });

  it("files bedrock_converse entries under bedrock too", () => {
    expect(providers(feb17b, "anthropic.claude-sonnet-4-6")).toEqual(["bedrock", "bedrock_converse"]);
    expect(providers(feb17a, "anthropic.claude-haiku-4-5-20251001-v1:0")).toEqual(["bedrock", "bedrock_converse"]);
    expect(providers(feb17a, "anthropic.claude-3-haiku-20240307-v1:0")).toEqual(["bedrock"]);
  });

  it("keys a prefixed entry by the name after its first /", () => {
    expect(feb17b.providersOf("vertex_ai/claude-sonnet-4-6")).toBeUndefined();
    expect(feb17b.providersOf("claude-sonnet-4-6@default")).toContain("vertex_ai");
  });

  it("skips the entries that are not models", () => {
    expect(feb17b.providersOf("sample_spec")).toBeUndefined();
    expect(feb17b.providersOf("last_updated")).toBeUndefined();
  });
});

describe("CostMap.modelsOf on the real copies", () => {
  it("lists the bare names a provider offers", () => {
    const anthropic = feb17a.modelsOf("anthropic")!;
    expect(anthropic).toContain("claude-sonnet-4-5");
    expect(anthropic.has("claude-sonnet-4-6")).toBe(false);
    expect(feb17b.modelsOf("anthropic")).toContain("claude-sonnet-4-6");
    expect(feb17b.modelsOf("bedrock")).toContain("anthropic.claude-sonnet-4-6");
    expect(feb17b.modelsOf("vertex_ai")).toContain("claude-sonnet-4-6");
    expect(feb17b.modelsOf("anthropic")!.has("anthropic/claude-sonnet-4-6")).toBe(false);
  });

  it("is undefined for a provider the map does not know", () => {
    expect(feb17b.modelsOf("no-such-provider")).toBeUndefined();
  });

  it("is the inverse of providersOf", () => {
    for (const model of feb17b.modelsOf("azure_ai")!) expect(feb17b.providersOf(model)).toContain("azure_ai");
  });
});

describe("CostMap provider index on small maps", () => {
  it("counts the prefix of a name even when litellm_provider says otherwise", () => {
    const map = new CostMap({ "azure/gpt-4o": { litellm_provider: "azure" }, "groq/llama-3": { litellm_provider: "groq_chat" }, plain: {} });
    expect(providers(map, "gpt-4o")).toEqual(["azure"]);
    expect(providers(map, "llama-3")).toEqual(["groq", "groq_chat"]);
    expect(map.providersOf("plain")).toBeUndefined();
  });

  it("only folds vertex_ai and bedrock variants into their family", () => {
    const map = new CostMap({ a: { litellm_provider: "vertex_ai-language-models" }, b: { litellm_provider: "bedrockz" }, c: { litellm_provider: "openai_like" } });
    expect(providers(map, "a")).toEqual(["vertex_ai", "vertex_ai-language-models"]);
    expect(providers(map, "b")).toEqual(["bedrockz"]);
    expect(providers(map, "c")).toEqual(["openai_like"]);
  });
});

describe("costMapNamesOf", () => {
  it("tries provider/model, then the bare model", () => {
    expect(costMapNamesOf(testDeployment("d", { providerPrefix: "azure", upstreamModel: "gpt-4o" }))).toEqual(["azure/gpt-4o", "gpt-4o"]);
  });

  it("then base_model the same way", () => {
    const deployment = testDeployment("d", { providerPrefix: "azure", upstreamModel: "my-eu-deployment", baseModel: "gpt-4o-mini" });
    expect(costMapNamesOf(deployment)).toEqual(["azure/my-eu-deployment", "my-eu-deployment", "azure/gpt-4o-mini", "gpt-4o-mini"]);
  });

  it("prices a deployment of a model only the newer copy has", () => {
    const deployment = testDeployment("d", { provider: "anthropic", providerPrefix: "anthropic", upstreamModel: "claude-sonnet-4-6" });
    expect(feb17a.priceForDeployment(deployment)).toBeUndefined();
    expect(feb17b.priceForDeployment(deployment)).toMatchObject({ provider: "anthropic", input: expect.any(Number) });
  });
});
