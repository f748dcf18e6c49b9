import { describe, expect, it } from "vitest";
import type { Deployment, RouterSettings } from "../../config/types";
import { GatewayError, errorBody } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { testDeployment } from "../testing/builders";
import { Router, type Lease } from "./router";

function upstreamError(status: number): UpstreamError {
  return new UpstreamError(status, errorBody(`upstream said ${status}`, "server_error", null));
}

// a and b share org one's key; c has org two's. Conversations below are bound to org one.
const orgOne = { apiKey: "sk-org-one" };
const deployments = [testDeployment("a", orgOne), testDeployment("b", orgOne), testDeployment("c", { apiKey: "sk-org-two" })];
const orgOneMatches = (deployment: Deployment) => deployment.apiKey === "sk-org-one";

/** A router on a clock the test moves; `random: () => 0` makes the load balancer pick the first candidate. */
function setup(list: Deployment[] = deployments, overrides: Partial<RouterSettings> = {}) {
  const clock = { time: 1_000_000 };
  const settings: RouterSettings = { routingStrategy: "simple-shuffle", numRetries: 2, allowedFails: 0, cooldownSeconds: 10, timeoutSeconds: 600, ...overrides };
  const router = new Router(list, settings, { now: () => clock.time, random: () => 0 });
  const tried: string[] = [];
  /** One pinned request preferring `preferred`; deployments listed in `failing` answer with that status. */
  const pinned = (preferred: string, failing: Record<string, number> = {}, matches = orgOneMatches) =>
    router.runPinned("gpt-4o", matches, preferred, async (lease: Lease) => {
      tried.push(lease.deployment.id);
      lease.release();
      const status = failing[lease.deployment.id];
      if (status !== undefined) throw upstreamError(status);
      return lease.deployment.id;
    });
  return { router, clock, tried, pinned };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("Router.runPinned", () => {
  it("uses the preferred deployment when it is healthy, not the one the load balancer would pick", async () => {
    const { pinned } = setup();
    expect(await pinned("b")).toBe("b");
    expect(await pinned("a")).toBe("a");
  });

  it("falls back to another healthy match when the preferred one cools down", async () => {
    const { router, clock, pinned } = setup();
    await expect(pinned("b", { b: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.healthOf("b")!.isCoolingDown(clock.time)).toBe(true);
    expect(await pinned("b")).toBe("a");
    clock.time += 10_000;
    expect(await pinned("b")).toBe("b");
  });

  it("uses a match when the preferred id is gone from the config or does not match", async () => {
    const { pinned } = setup();
    expect(await pinned("deleted-deployment")).toBe("a");
    expect(await pinned("c")).toBe("a");
  });

  it("ignores rpm headroom: a deployment at its rpm still serves a pinned request", async () => {
    const { router, pinned } = setup([testDeployment("a", { ...orgOne, rpm: 1 }), testDeployment("c", { apiKey: "sk-org-two", rpm: 100 })]);
    expect(await router.run("gpt-4o", async (lease) => (lease.release(), lease.deployment.id))).toBe("a");
    expect(await router.run("gpt-4o", async (lease) => (lease.release(), lease.deployment.id))).toBe("c");
    expect(await pinned("a")).toBe("a");
    expect(await pinned("a")).toBe("a");
  });

  it("never tries a deployment that does not match, even when every match cools down and it is healthy", async () => {
    const { tried, pinned } = setup([testDeployment("a", orgOne), testDeployment("c", { apiKey: "sk-org-two" })]);
    await expect(pinned("a", { a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(await rejection(pinned("a"))).toBeInstanceOf(GatewayError);
    expect(tried).toEqual(["a"]);
  });

  it("makes exactly one attempt and throws a retryable failure without retrying, counting it toward cooldown", async () => {
    const { router, clock, tried, pinned } = setup(deployments, { allowedFails: 1 });
    const error = await rejection(pinned("a", { a: 503 }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
    expect(tried).toEqual(["a"]);
    expect(router.healthOf("a")!.failures.total(clock.time)).toBe(1);
    expect(router.healthOf("a")!.isCoolingDown(clock.time)).toBe(false);
    await expect(pinned("a", { a: 503 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.healthOf("a")!.isCoolingDown(clock.time)).toBe(true);
    expect(tried).toEqual(["a", "a"]);
  });

  it("does not count a non-retryable failure, nor an error that is not an UpstreamError", async () => {
    const { router, clock, pinned } = setup();
    expect(((await rejection(pinned("a", { a: 400 }))) as UpstreamError).status).toBe(400);
    const bug = new TypeError("boom");
    const error = await rejection(
      router.runPinned("gpt-4o", orgOneMatches, "a", async () => {
        throw bug;
      }),
    );
    expect(error).toBe(bug);
    expect(router.healthOf("a")!.failures.total(clock.time)).toBe(0);
    expect(await pinned("a")).toBe("a");
  });

  it("holds a lease during the attempt and releases it when the attempt fails", async () => {
    const { router } = setup();
    const error = await rejection(
      router.runPinned("gpt-4o", orgOneMatches, "b", async (lease) => {
        expect(router.healthOf("b")!.inFlight).toBe(1);
        expect(lease.deployment.id).toBe("b");
        throw upstreamError(500);
      }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(router.healthOf("b")!.inFlight).toBe(0);
  });

  it("answers 429 with retry-after when every match cooled down after 429s, whatever the others do", async () => {
    const { clock, pinned } = setup();
    await expect(pinned("a", { a: 429 })).rejects.toBeInstanceOf(UpstreamError);
    clock.time += 3_000;
    await expect(pinned("b", { b: 429 })).rejects.toBeInstanceOf(UpstreamError);
    const error = (await rejection(pinned("a"))) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    // a is back first, 7 s from now.
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "7" } });
  });

  it("answers 503 with retry-after when any match cooled down after other failures", async () => {
    const { pinned } = setup();
    await expect(pinned("a", { a: 429 })).rejects.toBeInstanceOf(UpstreamError);
    await expect(pinned("b", { b: 500 })).rejects.toBeInstanceOf(UpstreamError);
    const error = (await rejection(pinned("a"))) as GatewayError;
    expect(error).toMatchObject({ status: 503, code: "no_deployment_available", headers: { "retry-after": "10" } });
  });

  it("answers 503 without retry-after when nothing matches, as waiting would not help", async () => {
    const { tried, pinned } = setup();
    const error = (await rejection(pinned("a", {}, () => false))) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 503, code: "no_deployment_available" });
    expect(error.headers?.["retry-after"]).toBeUndefined();
    expect(tried).toEqual([]);
  });
});

describe("Router.availability", () => {
  it("is none for an unknown group or when no deployment matches", () => {
    const { router } = setup();
    expect(router.availability("gpt-5", () => true)).toBe("none");
    expect(router.availability("gpt-4o", () => false)).toBe("none");
  });

  it("is available while one match is healthy, cooling_down when all are, and available again after", async () => {
    const { router, clock, pinned } = setup();
    expect(router.availability("gpt-4o", orgOneMatches)).toBe("available");
    await expect(pinned("a", { a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.availability("gpt-4o", orgOneMatches)).toBe("available");
    await expect(pinned("b", { b: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.availability("gpt-4o", orgOneMatches)).toBe("cooling_down");
    expect(router.availability("gpt-4o", (deployment) => deployment.id === "c")).toBe("available");
    clock.time += 10_000;
    expect(router.availability("gpt-4o", orgOneMatches)).toBe("available");
  });

  it("ignores rpm headroom, as runPinned does", async () => {
    const { router } = setup([testDeployment("a", { ...orgOne, rpm: 1 })]);
    await router.run("gpt-4o", async (lease) => lease.release());
    expect(router.availability("gpt-4o", orgOneMatches)).toBe("available");
  });
});
