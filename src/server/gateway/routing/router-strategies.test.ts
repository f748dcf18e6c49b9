import { describe, expect, it } from "vitest";
import type { Deployment, RouterSettings } from "../../config/types";
import { seededRandom, testDeployment } from "../testing/builders";
import { Router, type Lease } from "./router";

const settings: RouterSettings = { routingStrategy: "simple-shuffle", numRetries: 2, allowedFails: 3, cooldownSeconds: 5, timeoutSeconds: 600 };

/** Share of 10,000 picks per deployment id, leases released at once. */
async function shares(deployments: Deployment[], seed = 7): Promise<Record<string, number>> {
  const router = new Router(deployments, settings, { now: () => 1_000, random: seededRandom(seed) });
  const counts: Record<string, number> = {};
  const picks = 10_000;
  for (let i = 0; i < picks; i++) {
    const id = await router.run("gpt-4o", async (lease) => {
      lease.release();
      return lease.deployment.id;
    });
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, count / picks]));
}

describe("simple-shuffle", () => {
  it("picks in proportion to weight", async () => {
    const result = await shares([testDeployment("a", { weight: 1 }), testDeployment("b", { weight: 3 })]);
    expect(Math.abs(result.a - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(result.b - 0.75)).toBeLessThan(0.03);
  });

  it("prefers weight over rpm when both are set", async () => {
    const result = await shares([testDeployment("a", { weight: 1, rpm: 3_000_000 }), testDeployment("b", { weight: 3, rpm: 1_000_000 })]);
    expect(Math.abs(result.b - 0.75)).toBeLessThan(0.03);
  });

  it("falls back to rpm, then to tpm", async () => {
    const byRpm = await shares([testDeployment("a", { rpm: 1_000_000 }), testDeployment("b", { rpm: 4_000_000 })], 11);
    expect(Math.abs(byRpm.a - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(byRpm.b - 0.8)).toBeLessThan(0.03);
    const byTpm = await shares([testDeployment("a", { tpm: 9_000 }), testDeployment("b", { tpm: 1_000 })], 12);
    expect(Math.abs(byTpm.a - 0.9)).toBeLessThan(0.03);
  });

  it("is uniform when nothing is weighted", async () => {
    const result = await shares([testDeployment("a"), testDeployment("b"), testDeployment("c")], 13);
    for (const id of ["a", "b", "c"]) expect(Math.abs(result[id] - 1 / 3)).toBeLessThan(0.03);
  });

  it("never picks a deployment without a weight when another has one", async () => {
    const result = await shares([testDeployment("a", { weight: 5 }), testDeployment("b")], 14);
    expect(result).toEqual({ a: 1 });
  });
});

describe("least-busy", () => {
  const leastBusy: RouterSettings = { ...settings, routingStrategy: "least-busy" };

  it("picks the deployment with the fewest leases in flight", async () => {
    const router = new Router([testDeployment("a"), testDeployment("b"), testDeployment("c")], leastBusy, { now: () => 0, random: seededRandom(3) });
    const held: Lease[] = [];
    const take = () => router.run("gpt-4o", async (lease) => lease);
    for (let i = 0; i < 6; i++) held.push(await take());
    expect(["a", "b", "c"].map((id) => router.healthOf(id)!.inFlight)).toEqual([2, 2, 2]);

    held.find((lease) => lease.deployment.id === "b")!.release();
    expect((await take()).deployment.id).toBe("b");
    for (const lease of held.filter((lease) => lease.deployment.id === "c")) lease.release();
    expect((await take()).deployment.id).toBe("c");
    expect((await take()).deployment.id).toBe("c");
  });

  it("spreads ties between idle deployments", async () => {
    const router = new Router([testDeployment("a"), testDeployment("b")], leastBusy, { now: () => 0, random: seededRandom(5) });
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      seen.add(await router.run("gpt-4o", async (lease) => (lease.release(), lease.deployment.id)));
    }
    expect(seen).toEqual(new Set(["a", "b"]));
  });
});

describe("leases", () => {
  it("release their in-flight count exactly once", async () => {
    const router = new Router([testDeployment("a")], settings, { now: () => 0, random: () => 0 });
    const first = await router.run("gpt-4o", async (lease) => lease);
    const second = await router.run("gpt-4o", async (lease) => lease);
    expect(router.healthOf("a")!.inFlight).toBe(2);
    first.release();
    first.release();
    first.release();
    expect(router.healthOf("a")!.inFlight).toBe(1);
    second.release();
    expect(router.healthOf("a")!.inFlight).toBe(0);
  });

  it("are released by the router when the attempt throws", async () => {
    const router = new Router([testDeployment("a")], settings, { now: () => 0, random: () => 0 });
    await expect(router.run("gpt-4o", async () => Promise.reject(new Error("bug")))).rejects.toThrow("bug");
    expect(router.healthOf("a")!.inFlight).toBe(0);
  });
});

describe("Router look-ups", () => {
  it("groups deployments by model group", () => {
    const router = new Router([testDeployment("a"), testDeployment("b", { modelGroup: "claude" }), testDeployment("c")], settings);
    expect(router.modelGroups()).toEqual(["gpt-4o", "claude"]);
    expect(router.deploymentsOf("gpt-4o").map((d) => d.id)).toEqual(["a", "c"]);
    expect(router.hasGroup("claude")).toBe(true);
    expect(router.hasGroup("gpt-5")).toBe(false);
    expect(router.deploymentsOf("gpt-5")).toEqual([]);
  });
});
