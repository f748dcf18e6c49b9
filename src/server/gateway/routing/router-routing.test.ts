import { describe, expect, it } from "vitest";
import type { Deployment, RouterSettings } from "../../config/types";
import { errorBody } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { testDeployment } from "../testing/builders";
import { Router, type RouteHints } from "./router";

function setup(deployments: Deployment[], overrides: Partial<RouterSettings> = {}, random: () => number = () => 0) {
  const clock = { time: 1_000_000 };
  const settings: RouterSettings = { routingStrategy: "simple-shuffle", numRetries: 2, allowedFails: 0, cooldownSeconds: 10, timeoutSeconds: 600, ...overrides };
  const router = new Router(deployments, settings, { now: () => clock.time, random });
  const request = (failing: Record<string, UpstreamError> = {}, hints?: RouteHints) =>
    router.run(
      "gpt-4o",
      async (lease) => {
        lease.release();
        const error = failing[lease.deployment.id];
        if (error) throw error;
        return lease.deployment.id;
      },
      undefined,
      hints,
    );
  return { router, clock, request };
}

const timeout = () => new UpstreamError(408, errorBody("Request timed out after 1s (timeout)", "timeout", "request_timeout"), { timeout: true });
const serverError = () => new UpstreamError(500, errorBody("boom", "server_error", null));

describe("litellm_params.order", () => {
  const ordered = () => [testDeployment("backup", { order: 2 }), testDeployment("primary", { order: 1 }), testDeployment("unordered")];

  it("sends everything to the lowest order while it can serve", async () => {
    const { request } = setup(ordered(), {}, () => 0.99);
    for (let index = 0; index < 20; index++) expect(await request()).toBe("primary");
  });

  it("moves to the next order when every lower one fails or cools down, and comes back after the cooldown", async () => {
    const { request, clock } = setup(ordered());
    expect(await request({ primary: serverError() })).toBe("backup");
    // primary cools down (allowedFails 0): order 2 serves meanwhile, deployments without an order last.
    expect(await request()).toBe("backup");
    expect(await request({ backup: serverError() })).toBe("unordered");
    clock.time += 10_001;
    expect(await request()).toBe("primary");
  });

  it("moves past a lower order that is at its rpm limit", async () => {
    const { request } = setup([testDeployment("primary", { order: 1, rpm: 2 }), testDeployment("backup", { order: 2 })]);
    expect([await request(), await request(), await request()]).toEqual(["primary", "primary", "backup"]);
  });

  it("never moves a pinned request (affinity wins over order)", async () => {
    const { router } = setup(ordered());
    const served = await router.runPinned(
      "gpt-4o",
      () => true,
      "backup",
      async (lease) => lease.deployment.id,
    );
    expect(served).toBe("backup");
  });
});

describe("rpm/tpm headroom with the request's input tokens", () => {
  it("skips a deployment this request would take past its tpm (usage-based-routing)", async () => {
    const { router, request } = setup([testDeployment("small", { tpm: 1_000 }), testDeployment("large", { tpm: 100_000 })], { routingStrategy: "usage-based-routing-v2" });
    router.recordTokens("large", 500);
    // small used nothing, so it is the lowest usage; but 1,200 input tokens do not fit its tpm.
    expect(await request({}, { inputTokens: 200 })).toBe("small");
    expect(await request({}, { inputTokens: 1_200 })).toBe("large");
  });

  it("answers 429 when no deployment has room for the request", async () => {
    const { request } = setup([testDeployment("small", { tpm: 1_000 })], { routingStrategy: "usage-based-routing-v2" });
    await expect(request({}, { inputTokens: 5_000 })).rejects.toMatchObject({ code: "rate_limit_exceeded", status: 429 });
  });

  it("usage-based-routing spreads tokens to the least used deployment", async () => {
    const { router, request } = setup([testDeployment("a"), testDeployment("b")], { routingStrategy: "usage-based-routing-v2" });
    router.recordTokens("a", 300);
    expect(await request()).toBe("b");
    router.recordTokens("b", 900);
    expect(await request()).toBe("a");
  });
});

describe("upstream timeouts", () => {
  it("count toward the deployment's cooldown and are retried elsewhere", async () => {
    const { router, request, clock } = setup([testDeployment("a"), testDeployment("b")]);
    expect(await request({ a: timeout() })).toBe("b");
    expect(router.healthOf("a")?.isCoolingDown(clock.time)).toBe(true);
    expect(router.healthOf("a")?.cooldownReason).toBe("failing");
  });

  it("answer the client with the 408 once every retry timed out", async () => {
    const { request } = setup([testDeployment("a")], { numRetries: 0 });
    await expect(request({ a: timeout() })).rejects.toMatchObject({ status: 408, isTimeout: true });
  });

  it("weigh 1000 s in latency-based routing", async () => {
    const { router, request } = setup([testDeployment("a"), testDeployment("b")], { routingStrategy: "latency-based-routing", allowedFails: 100 });
    router.recordLatency("a", { startedAt: 0, endedAt: 100 });
    router.recordLatency("b", { startedAt: 0, endedAt: 900 });
    expect(await request()).toBe("a");
    expect(await request({ a: timeout() })).toBe("b");
    expect(await request()).toBe("b");
  });
});

describe("Router.replaceDeployments", () => {
  it("swaps the set in one step, keeps the health of deployments kept as they were, and leaves a held lease's deployment alone", async () => {
    const kept = testDeployment("kept", { modelGroup: "g" });
    const changed = testDeployment("changed", { modelGroup: "g" });
    const settings: RouterSettings = { routingStrategy: "simple-shuffle", numRetries: 0, allowedFails: 0, cooldownSeconds: 10, timeoutSeconds: 600 };
    const router = new Router([kept, changed], settings);
    router.healthOf("kept")!.cooldownUntil = Number.MAX_SAFE_INTEGER;
    let held: Deployment | undefined;
    await router.run("g", async (lease) => {
      held = lease.deployment;
      const replacement = { ...changed, apiKey: "new" };
      router.replaceDeployments([kept, replacement, testDeployment("added", { modelGroup: "h" })]);
      expect(lease.deployment).toBe(held);
      expect(router.deploymentsOf("g")).toEqual([kept, replacement]);
    });
    expect(held?.id).toBe("changed");
    expect(router.healthOf("kept")!.cooldownUntil).toBe(Number.MAX_SAFE_INTEGER);
    expect(router.healthOf("changed")!.inFlight).toBe(0);
    expect(router.modelGroups()).toEqual(["g", "h"]);
    router.replaceDeployments([kept]);
    expect(router.hasGroup("h")).toBe(false);
  });
});
