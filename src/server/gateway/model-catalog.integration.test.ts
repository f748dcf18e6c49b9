import { describe, expect, it } from "vitest";
import { buildModelCatalog } from "./model-catalog";
import { fixedCostMap, testDeployment } from "./testing/builders";
import { readCopy, switchableCostMap } from "./testing/cost-map-copies";

describe("buildModelCatalog.namesFor with the active cost map", () => {
  it("gains the providers of a new model the moment the newer version is current", () => {
    const costMaps = switchableCostMap("feb17a");
    const catalog = buildModelCatalog([], costMaps);
    expect(catalog.namesFor("claude-sonnet-4-6")).toEqual(["claude-sonnet-4-6"]);

    costMaps.use("feb17b");
    const names = catalog.namesFor("claude-sonnet-4-6");
    expect(names[0]).toBe("claude-sonnet-4-6");
    expect(names).toEqual(expect.arrayContaining(["anthropic/claude-sonnet-4-6", "vertex_ai/claude-sonnet-4-6", "azure_ai/claude-sonnet-4-6"]));
    expect(names).not.toContain("openai/claude-sonnet-4-6");
  });

  it("loses them again on a rollback", () => {
    const costMaps = switchableCostMap("feb17b");
    const catalog = buildModelCatalog([], costMaps);
    expect(catalog.namesFor("claude-sonnet-4-6")).toContain("anthropic/claude-sonnet-4-6");
    costMaps.use("feb17a");
    expect(catalog.namesFor("claude-sonnet-4-6")).toEqual(["claude-sonnet-4-6"]);
  });

  it("knows models both copies have, under every provider", () => {
    const catalog = buildModelCatalog([], switchableCostMap("feb17a"));
    expect(catalog.namesFor("claude-sonnet-4-5")).toContain("anthropic/claude-sonnet-4-5");
    expect(catalog.namesFor("gpt-4o")).toEqual(expect.arrayContaining(["gpt-4o", "openai/gpt-4o", "azure/gpt-4o"]));
  });

  it("returns a provider-qualified name as it is", () => {
    const costMaps = switchableCostMap("feb17b");
    const catalog = buildModelCatalog([testDeployment("1", { modelGroup: "anthropic/claude-sonnet-4-6", providerPrefix: "anthropic" })], costMaps);
    expect(catalog.namesFor("anthropic/claude-sonnet-4-6")).toEqual(["anthropic/claude-sonnet-4-6"]);
    expect(catalog.namesFor("vertex_ai/claude-sonnet-4-6")).toEqual(["vertex_ai/claude-sonnet-4-6"]);
    expect(catalog.namesFor("anthropic/claude-brand-new")).toEqual(["anthropic/claude-brand-new"]);
  });

  it("takes a configured group's providers from the config alone, whatever the map says", () => {
    const deployments = [
      testDeployment("1", { modelGroup: "house-model", providerPrefix: "azure", provider: "azure" }),
      testDeployment("2", { modelGroup: "house-model", providerPrefix: "groq" }),
      testDeployment("3", { modelGroup: "house-model", providerPrefix: "azure", provider: "azure" }),
      testDeployment("4", { modelGroup: "claude-sonnet-4-6", providerPrefix: "bedrock" }),
    ];
    const costMaps = switchableCostMap("feb17a");
    const catalog = buildModelCatalog(deployments, costMaps);
    expect(catalog.namesFor("house-model")).toEqual(["house-model", "azure/house-model", "groq/house-model"]);
    expect(catalog.namesFor("claude-sonnet-4-6")).toEqual(["claude-sonnet-4-6", "bedrock/claude-sonnet-4-6"]);
    // The newer map also lists it under anthropic and vertex_ai, but this gateway serves the
    // name from bedrock: a vertex_ai/* key must not reach it through the map's other providers.
    costMaps.use("feb17b");
    expect(catalog.namesFor("claude-sonnet-4-6")).toEqual(["claude-sonnet-4-6", "bedrock/claude-sonnet-4-6"]);
  });

  it("knows only the name itself for a model nobody offers", () => {
    const catalog = buildModelCatalog([testDeployment("1")], fixedCostMap(readCopy("feb17b")));
    expect(catalog.namesFor("no-such-model")).toEqual(["no-such-model"]);
  });
});

describe("buildModelCatalog.accessGroup", () => {
  it("lists each model group of an access group once", () => {
    const catalog = buildModelCatalog(
      [
        testDeployment("1", { modelGroup: "gpt-4o", accessGroups: ["beta"] }),
        testDeployment("2", { modelGroup: "gpt-4o", accessGroups: ["beta", "all"] }),
        testDeployment("3", { modelGroup: "o3", accessGroups: ["all"] }),
      ],
      fixedCostMap({}),
    );
    expect(catalog.accessGroup("beta")).toEqual(["gpt-4o"]);
    expect(catalog.accessGroup("all")).toEqual(["gpt-4o", "o3"]);
    expect(catalog.accessGroup("gpt-4o")).toBeUndefined();
  });
});
