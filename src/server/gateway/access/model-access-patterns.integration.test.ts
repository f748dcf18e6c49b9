import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { buildModelCatalog } from "../model-catalog";
import { ModelRoutes, type RouteTarget } from "../routing/model-routes";
import { keyPrincipal, testDeployment } from "../testing/builders";
import { switchableCostMap } from "../testing/cost-map-copies";
import { authorizeModel } from "./authorize-model";
import { decideModelAccess } from "./model-access";

// One catalog for the whole file: only the cost map's current version changes between checks.
const costMaps = switchableCostMap("feb17a");
const deployments = [
  testDeployment("1", { modelGroup: "anthropic/*", provider: "anthropic", providerPrefix: "anthropic", upstreamModel: "*" }),
  testDeployment("2", { modelGroup: "vertex_ai/*", providerPrefix: "vertex_ai", upstreamModel: "*" }),
  testDeployment("3", { modelGroup: "gpt-4o" }),
];
const catalog = buildModelCatalog(deployments, costMaps);
const routes = new ModelRoutes(
  deployments.map((deployment) => deployment.modelGroup),
  catalog,
);

const decide = (principal: Principal, model: string) => decideModelAccess(principal, model, catalog);

function authorize(principal: Principal, model: string): RouteTarget | GatewayError {
  try {
    return authorizeModel(principal, model, catalog, (name) => routes.resolve(name));
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

describe("pattern access follows the active cost map", () => {
  it("allows anthropic/* a bare new model only once the current version knows it", () => {
    const principal = keyPrincipal({ models: ["anthropic/*"] });
    costMaps.use("feb17a");
    expect(decide(principal, "claude-sonnet-4-6")).toEqual({ allowed: false, deniedBy: "key", allowedModels: ["anthropic/*"], names: ["claude-sonnet-4-6"] });

    costMaps.use("feb17b");
    expect(decide(principal, "claude-sonnet-4-6")).toEqual({
      allowed: true,
      rules: [{ level: "key", entry: "anthropic/*", via: "pattern", matchedName: "anthropic/claude-sonnet-4-6" }],
    });

    costMaps.use("feb17a");
    expect(decide(principal, "claude-sonnet-4-6").allowed).toBe(false);
  });

  it("allows vertex_ai/* the same model through its vertex entry", () => {
    const principal = keyPrincipal({ models: ["vertex_ai/*"] });
    costMaps.use("feb17a");
    expect(decide(principal, "claude-sonnet-4-6").allowed).toBe(false);
    costMaps.use("feb17b");
    expect(decide(principal, "claude-sonnet-4-6")).toEqual({
      allowed: true,
      rules: [{ level: "key", entry: "vertex_ai/*", via: "pattern", matchedName: "vertex_ai/claude-sonnet-4-6" }],
    });
    expect(decide(principal, "gpt-4o").allowed).toBe(false);
  });

  it("allows bedrock/* a bedrock_converse entry by its bare name", () => {
    const principal = keyPrincipal({ models: ["bedrock/*"] });
    costMaps.use("feb17b");
    expect(decide(principal, "anthropic.claude-sonnet-4-6")).toMatchObject({ allowed: true, rules: [{ matchedName: "bedrock/anthropic.claude-sonnet-4-6" }] });
    expect(decide(principal, "claude-sonnet-4-6").allowed).toBe(false);
  });

  it("allows an explicitly prefixed name no map knows", () => {
    const principal = keyPrincipal({ models: ["anthropic/*"] });
    for (const version of ["feb17a", "feb17b"] as const) {
      costMaps.use(version);
      expect(decide(principal, "anthropic/claude-brand-new")).toEqual({
        allowed: true,
        rules: [{ level: "key", entry: "anthropic/*", via: "pattern", matchedName: "anthropic/claude-brand-new" }],
      });
      expect(decide(principal, "anthropicz/claude-brand-new").allowed).toBe(false);
      expect(decide(principal, "vertex_ai/claude-sonnet-4-6").allowed).toBe(false);
    }
  });

  it("keeps a pattern anchored: gpt-*-mini allows gpt-4o-mini, not gpt-4o-mini-tts", () => {
    costMaps.use("feb17b");
    const principal = keyPrincipal({ models: ["gpt-*-mini"] });
    expect(decide(principal, "gpt-4o-mini")).toMatchObject({ allowed: true, rules: [{ via: "pattern", matchedName: "gpt-4o-mini" }] });
    expect(decide(principal, "gpt-4o-mini-tts").allowed).toBe(false);
  });
});

describe("pattern access on keys and teams", () => {
  it("gives a key with * no more than its team's openai/*", () => {
    costMaps.use("feb17b");
    const principal = keyPrincipal({ models: ["*"] }, { models: ["openai/*"] });
    for (const model of ["claude-sonnet-4-6", "claude-sonnet-4-5", "anthropic/claude-brand-new", "vertex_ai/claude-sonnet-4-6"]) {
      expect(decide(principal, model)).toMatchObject({ allowed: false, deniedBy: "team", allowedModels: ["openai/*"] });
    }
    expect(decide(principal, "gpt-4o")).toEqual({
      allowed: true,
      rules: [
        { level: "team", entry: "openai/*", via: "pattern", matchedName: "openai/gpt-4o" },
        { level: "key", entry: "*", via: "pattern", matchedName: "gpt-4o" },
      ],
    });
  });

  it("takes the first entry that allows the model", () => {
    costMaps.use("feb17b");
    const principal = keyPrincipal({ models: ["gpt-4o", "openai/*", "*"] });
    expect(decide(principal, "gpt-4o")).toEqual({ allowed: true, rules: [{ level: "key", entry: "gpt-4o", via: "exact" }] });
    expect(decide(principal, "gpt-4o-mini")).toMatchObject({ rules: [{ entry: "openai/*", matchedName: "openai/gpt-4o-mini" }] });
    expect(decide(principal, "claude-sonnet-4-6")).toMatchObject({ rules: [{ entry: "*", matchedName: "claude-sonnet-4-6" }] });
  });

  it("lists the names it tried when it denies", () => {
    costMaps.use("feb17b");
    const decision = decide(keyPrincipal({ models: ["openai/*"] }), "claude-sonnet-4-6");
    expect(decision).toMatchObject({ allowed: false, deniedBy: "key" });
    expect(!decision.allowed && decision.names).toEqual(expect.arrayContaining(["claude-sonnet-4-6", "anthropic/claude-sonnet-4-6", "vertex_ai/claude-sonnet-4-6"]));
  });
});

describe("authorizeModel with patterns", () => {
  it("answers 403 naming the patterns and the requested model", () => {
    costMaps.use("feb17a");
    const error = authorize(keyPrincipal({ models: ["anthropic/*", "vertex_ai/*"] }), "claude-sonnet-4-6");
    expect(error).toMatchObject({ status: 403, code: "model_not_allowed", param: "model" });
    expect((error as GatewayError).message).toBe("key not allowed to access model. This key can only access models=['anthropic/*', 'vertex_ai/*']. Tried to access claude-sonnet-4-6.");
    const byTeam = authorize(keyPrincipal({ models: ["*"] }, { models: ["openai/*"] }), "claude-sonnet-4-5");
    expect((byTeam as GatewayError).message).toBe("team not allowed to access model. This team can only access models=['openai/*']. Tried to access claude-sonnet-4-5.");
  });

  it("routes an allowed model to the group of the rule that allowed it", () => {
    costMaps.use("feb17b");
    expect(authorize(keyPrincipal({ models: ["anthropic/*"] }), "claude-sonnet-4-6")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-sonnet-4-6" });
    expect(authorize(keyPrincipal({ models: ["vertex_ai/*"] }), "claude-sonnet-4-6")).toMatchObject({ group: "vertex_ai/*", wildcardMatch: "claude-sonnet-4-6" });
    expect(authorize(keyPrincipal({ models: ["anthropic/*"] }), "anthropic/claude-brand-new")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-brand-new" });
  });

  it("answers 404 to an unrestricted caller when no group takes the model", () => {
    costMaps.use("feb17a");
    expect(authorize(keyPrincipal(), "claude-sonnet-4-6")).toMatchObject({ status: 404, code: "model_not_found" });
    costMaps.use("feb17b");
    expect(authorize(keyPrincipal(), "claude-sonnet-4-6")).toMatchObject({ group: "anthropic/*", wildcardMatch: "claude-sonnet-4-6" });
  });
});
