import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { DeploymentHealth } from "./deployment-health";
import { localUsage } from "./usage/deployment-usage";

describe("DeploymentHealth", () => {
  it("holds a minute of heavy traffic in fixed memory", () => {
    const health = new DeploymentHealth(testDeployment("a", { rpm: 5_000_000 }));
    // A minute at 20,000 requests/s. A timestamp per request, as once kept, grew the heap by
    // 111 MB (38 MB of it live); per-second counts keep one number per second of the window.
    for (let index = 0; index < 1_200_000; index++) {
      const now = Math.floor(index / 20);
      health.requests.add(now);
      health.tokens.add(now, 19);
    }
    expect(health.requests.retainedEntries).toBe(60);
    expect(health.tokens.retainedEntries).toBe(60);
    expect(health.requests.total(59_999)).toBe(1_200_000);
    expect(health.tokens.total(59_999)).toBe(1_200_000 * 19);
    expect(health.hasHeadroom(localUsage, 59_999, { inputTokens: () => 0 })).toBe(true);
  });
});
