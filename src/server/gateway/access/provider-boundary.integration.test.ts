import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { buildModelCatalog } from "../model-catalog";
import { ModelRoutes, type RouteTarget } from "../routing/model-routes";
import { keyPrincipal, testDeployment } from "../testing/builders";
import { switchableCostMap } from "../testing/cost-map-copies";
import { authorizeModel } from "./authorize-model";

// gemini-2.5-flash is offered by both Vertex AI and the Gemini API (the cost map lists it under
// vertex_ai-language-models and gemini): a provider in a key's pattern must still be a boundary.
const costMaps = switchableCostMap("jul24");

function routesFor(groups: Array<[group: string, provider: "vertex_ai" | "gemini"]>) {
  const deployments = groups.map(([group, provider], index) =>
    testDeployment(String(index), { modelGroup: group, provider, providerPrefix: provider, upstreamModel: group.includes("*") ? "*" : "gemini-2.5-flash" }),
  );
  const catalog = buildModelCatalog(deployments, costMaps);
  const routes = new ModelRoutes(
    deployments.map((deployment) => deployment.modelGroup),
    catalog,
  );
  return (principal: Principal, model: string): RouteTarget | GatewayError => {
    try {
      return authorizeModel(principal, model, catalog, (name, provider) => routes.resolve(name, provider));
    } catch (error) {
      if (error instanceof GatewayError) return error;
      throw error;
    }
  };
}

describe("a provider in an access pattern is a boundary", () => {
  it("takes a bare name to the wildcard group of the provider the key allows, whichever is more specific", () => {
    const authorize = routesFor([
      ["vertex_ai/*", "vertex_ai"],
      ["gemini/*", "gemini"],
    ]);
    expect(authorize(keyPrincipal({ models: ["vertex_ai/*"] }), "gemini-2.5-flash")).toMatchObject({ group: "vertex_ai/*", wildcardMatch: "gemini-2.5-flash" });
    expect(authorize(keyPrincipal({ models: ["gemini/*"] }), "gemini-2.5-flash")).toMatchObject({ group: "gemini/*", wildcardMatch: "gemini-2.5-flash" });
  });

  it("never routes a key allowed vertex_ai/* to the Gemini API, even when only the Gemini API serves the name", () => {
    const onlyGemini = routesFor([["gemini/*", "gemini"]]);
    expect(onlyGemini(keyPrincipal({ models: ["vertex_ai/*"] }), "gemini-2.5-flash")).toMatchObject({ status: 404, code: "model_not_found" });
    expect(onlyGemini(keyPrincipal({ models: ["gemini/*"] }), "gemini-2.5-flash")).toMatchObject({ group: "gemini/*", wildcardMatch: "gemini-2.5-flash" });
    const onlyVertex = routesFor([["vertex_ai/*", "vertex_ai"]]);
    expect(onlyVertex(keyPrincipal({ models: ["gemini/*"] }), "gemini-2.5-flash")).toMatchObject({ status: 404, code: "model_not_found" });
  });

  it("resolves an exact group through its deployments' provider, not the cost map's names", () => {
    const authorize = routesFor([["gemini-2.5-flash", "gemini"]]);
    expect(authorize(keyPrincipal({ models: ["vertex_ai/*"] }), "gemini-2.5-flash")).toMatchObject({ status: 403, code: "model_not_allowed" });
    expect(authorize(keyPrincipal({ models: ["gemini/*"] }), "gemini-2.5-flash")).toEqual({ group: "gemini-2.5-flash" });
  });
});
