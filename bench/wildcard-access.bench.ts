import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { decideModelAccess } from "../src/server/gateway/access/model-access";
import { buildModelCatalog } from "../src/server/gateway/model-catalog";
import { ModelRoutes } from "../src/server/gateway/routing/model-routes";
import { copyPath } from "../src/server/gateway/testing/cost-map-copies";
import { fixedCostMap, keyPrincipal, testDeployment } from "../src/server/gateway/testing/builders";

// What a wildcard check costs on the request path, against the newest full real cost map.
const raw = JSON.parse(readFileSync(copyPath("jul24"), "utf8"));
const costMaps = fixedCostMap(raw);
const deployments = [
  testDeployment("a", { modelGroup: "anthropic/*", providerPrefix: "anthropic", upstreamModel: "*" }),
  testDeployment("b", { modelGroup: "openai/*", providerPrefix: "openai", upstreamModel: "*" }),
  testDeployment("c", { modelGroup: "gpt-4o" }),
];
const catalog = buildModelCatalog(deployments, costMaps);
const routes = new ModelRoutes(["anthropic/*", "openai/*", "gpt-4o"], catalog);
const key = keyPrincipal({ models: ["openai/gpt-4o*", "anthropic/*", "gemini/*"] });

describe("wildcard access against the full cost map (2,983 models)", () => {
  bench("allowed: bare claude-sonnet-4-6 via anthropic/*", () => {
    decideModelAccess(key, "claude-sonnet-4-6", catalog);
  });
  bench("allowed: prefixed anthropic/claude-sonnet-4-6", () => {
    decideModelAccess(key, "anthropic/claude-sonnet-4-6", catalog);
  });
  bench("refused: bare mistral-large-latest", () => {
    decideModelAccess(key, "mistral-large-latest", catalog);
  });
  bench("route: bare claude-sonnet-4-6 to anthropic/*", () => {
    routes.resolve("claude-sonnet-4-6");
  });
});
