import { describe, expect, it } from "vitest";
import { testDeployment } from "../../testing/builders";
import { DeploymentHealth } from "../deployment-health";
import { localUsage } from "../usage/deployment-usage";
import { lowestUsage } from "./lowest-usage";

const now = 120_000;
const request = (random: () => number = () => 0) => ({ now, random, streamed: false });

function withTokens(id: string, tokens: number): DeploymentHealth {
  const health = new DeploymentHealth(testDeployment(id));
  if (tokens > 0) health.tokens.add(now - 1_000, tokens);
  return health;
}

describe("usage-based-routing", () => {
  const pick = lowestUsage(localUsage);

  it("picks the deployment that used the fewest tokens this minute", () => {
    const candidates = [withTokens("a", 500), withTokens("b", 20), withTokens("c", 300)];
    expect(pick(candidates, request()).deployment.id).toBe("b");
  });

  it("forgets tokens used more than a minute ago", () => {
    const old = new DeploymentHealth(testDeployment("old"));
    old.tokens.add(now - 61_000, 10_000);
    expect(pick([withTokens("recent", 5), old], request()).deployment.id).toBe("old");
  });

  it("shares the load among equals at random", () => {
    const candidates = [withTokens("a", 0), withTokens("b", 0), withTokens("c", 9)];
    expect(
      pick(
        candidates,
        request(() => 0),
      ).deployment.id,
    ).toBe("a");
    expect(
      pick(
        candidates,
        request(() => 0.99),
      ).deployment.id,
    ).toBe("b");
  });
});
