import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { buildModelCatalog } from "../model-catalog";
import { fixedCostMap, keyPrincipal, testDeployment } from "../testing/builders";
import { authorizeModel } from "./authorize-model";
import { decideModelAccess, isRestricted } from "./model-access";

const catalog = buildModelCatalog(
  [
    testDeployment("1", { modelGroup: "gpt-4o", accessGroups: ["beta"] }),
    testDeployment("2", { modelGroup: "gpt-4o", accessGroups: ["beta"] }),
    testDeployment("3", { modelGroup: "o3", accessGroups: ["beta", "reasoning"] }),
    testDeployment("4", { modelGroup: "claude-sonnet" }),
  ],
  fixedCostMap({}),
);
const existing = new Set(["gpt-4o", "o3", "claude-sonnet"]);

const allowed = (principal: Principal, model: string) => decideModelAccess(principal, model, catalog).allowed;

function authorizationError(principal: Principal, model: string): GatewayError | undefined {
  try {
    authorizeModel(principal, model, catalog, (name) => (existing.has(name) ? name : undefined));
    return undefined;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

describe("decideModelAccess", () => {
  it("allows the master key everything", () => {
    expect(allowed({ kind: "master" }, "claude-sonnet")).toBe(true);
    expect(isRestricted({ kind: "master" })).toBe(false);
  });

  it("lets a key without a list use any model, or its team's", () => {
    expect(allowed(keyPrincipal(), "o3")).toBe(true);
    const inTeam = keyPrincipal({ models: [] }, { models: ["gpt-4o"] });
    expect(allowed(inTeam, "gpt-4o")).toBe(true);
    expect(decideModelAccess(inTeam, "o3", catalog)).toMatchObject({ allowed: false, deniedBy: "team", allowedModels: ["gpt-4o"] });
  });

  it("treats all-team-models as the team's list", () => {
    const principal = keyPrincipal({ models: ["all-team-models"] }, { models: ["claude-sonnet"] });
    expect(allowed(principal, "claude-sonnet")).toBe(true);
    expect(allowed(principal, "gpt-4o")).toBe(false);
    expect(allowed(keyPrincipal({ models: ["all-team-models"] }), "gpt-4o")).toBe(true);
  });

  it("limits a key to the intersection of its list and its team's", () => {
    const principal = keyPrincipal({ models: ["gpt-4o", "claude-sonnet"] }, { models: ["gpt-4o", "o3"] });
    expect(allowed(principal, "gpt-4o")).toBe(true);
    expect(decideModelAccess(principal, "claude-sonnet", catalog)).toMatchObject({ allowed: false, deniedBy: "team" });
    expect(decideModelAccess(principal, "o3", catalog)).toMatchObject({ allowed: false, deniedBy: "key", allowedModels: ["gpt-4o", "claude-sonnet"] });
  });

  it("expands access groups", () => {
    const principal = keyPrincipal({ models: ["reasoning"] });
    expect(allowed(principal, "o3")).toBe(true);
    expect(allowed(principal, "gpt-4o")).toBe(false);
    expect(allowed(keyPrincipal({ models: ["beta"] }), "gpt-4o")).toBe(true);
    expect(allowed(keyPrincipal({}, { models: ["beta"] }), "claude-sonnet")).toBe(false);
  });

  it("lets * allow every model, on keys and teams", () => {
    expect(allowed(keyPrincipal({ models: ["*"] }, { models: ["*"] }), "claude-sonnet")).toBe(true);
    expect(allowed(keyPrincipal({ models: ["*"] }, { models: ["o3"] }), "claude-sonnet")).toBe(false);
  });

  it("matches model names exactly", () => {
    expect(allowed(keyPrincipal({ models: ["gpt-4o"] }), "gpt-4o-mini")).toBe(false);
    expect(allowed(keyPrincipal({ models: ["gpt-4o-mini"] }), "gpt-4o")).toBe(false);
  });
});

describe("authorizeModel", () => {
  it("lets an allowed caller use an existing model", () => {
    expect(authorizationError({ kind: "master" }, "o3")).toBeUndefined();
    expect(authorizationError(keyPrincipal({ models: ["o3"] }), "o3")).toBeUndefined();
  });

  it("answers 403 naming the allowed models and the requested one", () => {
    const error = authorizationError(keyPrincipal({ models: ["gpt-4o", "o3"] }), "claude-sonnet");
    expect(error).toMatchObject({ status: 403, code: "model_not_allowed", param: "model" });
    expect(error!.message).toBe("key not allowed to access model. This key can only access models=['gpt-4o', 'o3']. Tried to access claude-sonnet.");
    const byTeam = authorizationError(keyPrincipal({}, { models: ["o3"] }), "gpt-4o");
    expect(byTeam!.message).toBe("team not allowed to access model. This team can only access models=['o3']. Tried to access gpt-4o.");
  });

  it("answers 403, not 404, to a restricted caller asking for a model that does not exist", () => {
    expect(authorizationError(keyPrincipal({ models: ["gpt-4o"] }), "gpt-5")).toMatchObject({ status: 403, code: "model_not_allowed" });
    expect(authorizationError(keyPrincipal({}, { models: ["gpt-4o"] }), "gpt-5")).toMatchObject({ status: 403 });
  });

  it("answers 404 to an unrestricted caller asking for a model that does not exist", () => {
    for (const principal of [keyPrincipal(), keyPrincipal({ models: ["*"] }), { kind: "master" } as const]) {
      const error = authorizationError(principal, "gpt-5");
      expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
      expect(error!.message).toContain("'gpt-5' does not exist");
    }
  });
});
