import { describe, expect, it } from "vitest";
import { testDeployment } from "../../testing/builders";
import { DeploymentHealth } from "../deployment-health";
import { leastBusy } from "./least-busy";

const busy = (id: string, inFlight: number) => Object.assign(new DeploymentHealth(testDeployment(id)), { inFlight });
const request = (random: () => number) => ({ now: 0, random, streamed: false });

describe("least-busy", () => {
  it("picks the fewest requests in flight, ties at random", () => {
    const candidates = [busy("a", 3), busy("b", 1), busy("c", 1)];
    expect(
      leastBusy(
        candidates,
        request(() => 0),
      ).deployment.id,
    ).toBe("b");
    expect(
      leastBusy(
        candidates,
        request(() => 0.99),
      ).deployment.id,
    ).toBe("c");
  });
});
