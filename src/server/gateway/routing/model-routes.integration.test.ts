import { describe, expect, it } from "vitest";
import { buildModelCatalog } from "../model-catalog";
import { fixedCostMap, testDeployment } from "../testing/builders";
import { readCopy, switchableCostMap } from "../testing/cost-map-copies";
import { ModelRoutes } from "./model-routes";

function routesFor(groups: string[], costMaps = switchableCostMap("feb17a")) {
  const deployments = groups.map((group, index) => testDeployment(String(index), { modelGroup: group }));
  return { routes: new ModelRoutes(groups, buildModelCatalog(deployments, costMaps)), costMaps };
}

describe("ModelRoutes.resolve", () => {
  it("sends a model with its own group to that group, before any pattern", () => {
    const { routes } = routesFor(["*", "anthropic/*", "claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"]);
    expect(routes.resolve("claude-sonnet-4-5")).toEqual({ group: "claude-sonnet-4-5" });
    expect(routes.resolve("anthropic/claude-sonnet-4-5")).toEqual({ group: "anthropic/claude-sonnet-4-5" });
  });

  it("routes a bare new model to anthropic/* only once the active map knows it is Anthropic's", () => {
    const { routes, costMaps } = routesFor(["gpt-4o", "anthropic/*"]);
    expect(routes.resolve("claude-sonnet-4-6")).toBeUndefined();
    costMaps.use("feb17b");
    expect(routes.resolve("claude-sonnet-4-6")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-sonnet-4-6" });
    costMaps.use("feb17a");
    expect(routes.resolve("claude-sonnet-4-6")).toBeUndefined();
  });

  it("routes an explicitly prefixed name whatever the map knows", () => {
    const { routes } = routesFor(["anthropic/*"]);
    expect(routes.resolve("anthropic/claude-brand-new")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-brand-new" });
    expect(routes.resolve("anthropicx/claude-brand-new")).toBeUndefined();
  });

  it("reaches vertex_ai/* through the vertex entry of the newer map", () => {
    const { routes } = routesFor(["vertex_ai/*"], switchableCostMap("feb17b"));
    expect(routes.resolve("claude-sonnet-4-6")).toMatchObject({ group: "vertex_ai/*", wildcardMatch: "claude-sonnet-4-6" });
    expect(routes.resolve("gpt-4o")).toBeUndefined();
  });

  it("prefers the more specific of two matching patterns, whatever the config order", () => {
    const { routes } = routesFor(["*", "anthropic/*", "anthropic/claude-*"], switchableCostMap("feb17b"));
    expect(routes.resolve("claude-sonnet-4-6")).toMatchObject({ group: "anthropic/claude-*", wildcardMatch: "sonnet-4-6" });
    expect(routes.resolve("anthropic/claude-brand-new")).toMatchObject({ group: "anthropic/claude-*", wildcardMatch: "brand-new" });
    expect(routes.resolve("anthropic/other")).toMatchObject({ group: "anthropic/*", wildcardMatch: "other" });
    expect(routes.resolve("my-private-model")).toMatchObject({ group: "*", wildcardMatch: "my-private-model" });
    expect(routes.wildcardGroups().map((pattern) => pattern.source)).toEqual(["anthropic/claude-*", "anthropic/*", "*"]);
  });

  it("is undefined for a model no group takes", () => {
    const { routes } = routesFor(["gpt-4o", "anthropic/*"], switchableCostMap("feb17b"));
    expect(routes.resolve("o3")).toBeUndefined();
    expect(routes.resolve("gpt-4o-mini")).toBeUndefined();
    expect(routes.resolve("")).toBeUndefined();
    expect(new ModelRoutes(["gpt-4o"], buildModelCatalog([], fixedCostMap(readCopy("feb17b")))).resolve("claude-sonnet-4-6")).toBeUndefined();
  });

  it("anchors a wildcard group at both ends", () => {
    const { routes } = routesFor(["gpt-*-mini"]);
    expect(routes.resolve("gpt-4o-mini")).toMatchObject({ group: "gpt-*-mini", wildcardMatch: "4o" });
    expect(routes.resolve("gpt-4o-mini-tts")).toBeUndefined();
  });
});
