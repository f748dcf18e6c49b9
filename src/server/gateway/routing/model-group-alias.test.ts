import { describe, expect, it } from "vitest";
import type { ModelGroupAlias } from "../../config/types";
import { authorizeModel } from "../access/authorize-model";
import { decideModelAccess } from "../access/model-access";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { buildModelCatalog } from "../model-catalog";
import { fixedCostMap, keyPrincipal, testDeployment } from "../testing/builders";
import { ModelRoutes } from "./model-routes";

// A cost map that knows two Claude models as Anthropic's, so `anthropic/*` would take their bare names.
const costMap = fixedCostMap({
  "claude-haiku-4-5": { litellm_provider: "anthropic", mode: "chat" },
  "claude-opus-4-1": { litellm_provider: "anthropic", mode: "chat" },
});
const groups = ["claude-sonnet", "gpt-4o", "anthropic/*"];
const deployments = groups.map((group, index) => testDeployment(String(index), { modelGroup: group, providerPrefix: group === "gpt-4o" ? "openai" : "anthropic" }));

function routesWith(aliases: ModelGroupAlias[]) {
  const catalog = buildModelCatalog(deployments, costMap, aliases);
  return { catalog, routes: new ModelRoutes(groups, catalog) };
}

const { catalog, routes } = routesWith([
  { alias: "claude-sonnet-4-5-20250929", group: "claude-sonnet", hidden: false },
  { alias: "claude-haiku-4-5", group: "claude-sonnet", hidden: true },
]);

describe("ModelRoutes.resolve with model_group_alias", () => {
  it("sends an alias to the group it names", () => {
    expect(routes.resolve("claude-sonnet-4-5-20250929")).toEqual({ group: "claude-sonnet" });
    expect(routes.resolve("claude-haiku-4-5")).toEqual({ group: "claude-sonnet" });
  });

  it("prefers an alias to a wildcard group that would take the same name", () => {
    expect(routes.resolve("claude-haiku-4-5")).toEqual({ group: "claude-sonnet" });
    // The same name without its alias goes to the wildcard group, as before.
    expect(routesWith([]).routes.resolve("claude-haiku-4-5")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-haiku-4-5" });
    expect(routes.resolve("claude-opus-4-1")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-opus-4-1" });
  });

  it("prefers an exact model group to an alias of the same name", () => {
    // The config drops such aliases with a warning; the routes hold the rule on their own too.
    const shadowed = routesWith([{ alias: "gpt-4o", group: "claude-sonnet", hidden: false }]);
    expect(shadowed.routes.resolve("gpt-4o")).toEqual({ group: "gpt-4o" });
  });

  it("matches aliases exactly, case included", () => {
    expect(routes.resolve("Claude-Sonnet-4-5-20250929")).toBeUndefined();
    expect(routes.resolve("claude-sonnet-4-5")).toBeUndefined();
  });
});

function authorize(principal: Principal, model: string) {
  return authorizeModel(principal, model, catalog, (name) => routes.resolve(name));
}

function refusal(principal: Principal, model: string): GatewayError {
  try {
    authorize(principal, model);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("key access to an alias (LiteLLM: the alias's name or its group)", () => {
  it("lets a key allowed only the target group use the alias, hidden or not", () => {
    const principal = keyPrincipal({ models: ["claude-sonnet"] });
    expect(authorize(principal, "claude-sonnet-4-5-20250929")).toEqual({ group: "claude-sonnet" });
    expect(authorize(principal, "claude-haiku-4-5")).toEqual({ group: "claude-sonnet" });
  });

  it("says in the deciding rule when the alias's group, not its name, let it through", () => {
    expect(decideModelAccess(keyPrincipal({ models: ["claude-sonnet"] }), "claude-haiku-4-5", catalog)).toEqual({
      allowed: true,
      rules: [{ level: "key", entry: "claude-sonnet", via: "exact", aliasGroup: "claude-sonnet" }],
    });
    expect(decideModelAccess(keyPrincipal({ models: ["claude-haiku-4-5"] }), "claude-haiku-4-5", catalog)).toEqual({
      allowed: true,
      rules: [{ level: "key", entry: "claude-haiku-4-5", via: "exact" }],
    });
  });

  it("lets a key allowed only the alias's name use it", () => {
    const principal = keyPrincipal({ models: ["claude-sonnet-4-5-20250929"] });
    expect(authorize(principal, "claude-sonnet-4-5-20250929")).toEqual({ group: "claude-sonnet" });
    // The alias opens that name only, not the group under its own name.
    expect(refusal(principal, "claude-sonnet")).toMatchObject({ status: 403, code: "model_not_allowed" });
  });

  it("refuses a key allowed neither, naming the alias it asked for", () => {
    const error = refusal(keyPrincipal({ models: ["gpt-4o"] }), "claude-sonnet-4-5-20250929");
    expect(error.message).toBe("key not allowed to access model. This key can only access models=['gpt-4o']. Tried to access claude-sonnet-4-5-20250929.");
  });

  it("checks the key and its team each against either name", () => {
    const principal = keyPrincipal({ models: ["claude-sonnet"] }, { models: ["claude-sonnet-4-5-20250929"] });
    expect(decideModelAccess(principal, "claude-sonnet-4-5-20250929", catalog).allowed).toBe(true);
    const teamDenies = keyPrincipal({ models: ["claude-sonnet"] }, { models: ["gpt-4o"] });
    expect(decideModelAccess(teamDenies, "claude-sonnet-4-5-20250929", catalog)).toMatchObject({ allowed: false, deniedBy: "team" });
  });

  it("does not let a name that is not an alias borrow a group's access", () => {
    expect(refusal(keyPrincipal({ models: ["claude-sonnet"] }), "claude-opus-4-1")).toMatchObject({ status: 403 });
  });
});
