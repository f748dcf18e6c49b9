import { describe, expect, it } from "vitest";
import type { Deployment, RouterSettings } from "../../config/types";
import { GatewayError, errorBody } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { seededRandom, testDeployment } from "../testing/builders";
import { Router } from "./router";

function upstreamError(status: number): UpstreamError {
  return new UpstreamError(status, errorBody(`upstream said ${status}`, "server_error", null));
}

/** A router on a clock the test moves; `random: () => 0` makes simple-shuffle pick the first candidate. */
function setup(deployments: Deployment[], overrides: Partial<RouterSettings> = {}, random: () => number = () => 0) {
  const clock = { time: 1_000_000 };
  const settings: RouterSettings = { routingStrategy: "simple-shuffle", numRetries: 2, allowedFails: 1, cooldownSeconds: 10, timeoutSeconds: 600, ...overrides };
  const router = new Router(deployments, settings, { now: () => clock.time, random });
  /** Runs one request; deployments listed in `failing` answer with `status`. */
  const request = (failing: Record<string, number> = {}) =>
    router.run("gpt-4o", async (lease) => {
      lease.release();
      const status = failing[lease.deployment.id];
      if (status !== undefined) throw upstreamError(status);
      return lease.deployment.id;
    });
  return { router, clock, request };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("Router.run retries", () => {
  it("retries a retryable failure on a different deployment", async () => {
    const { router } = setup([testDeployment("a"), testDeployment("b"), testDeployment("c")], { allowedFails: 100 }, seededRandom(1));
    const tried: string[] = [];
    const result = await router.run("gpt-4o", async (lease) => {
      tried.push(lease.deployment.id);
      lease.release();
      if (tried.length === 1) throw upstreamError(503);
      return lease.deployment.id;
    });
    expect(tried).toHaveLength(2);
    expect(tried[1]).not.toBe(tried[0]);
    expect(result).toBe(tried[1]);
  });

  it("tries at most numRetries more times, each on an untried deployment, then throws the last failure", async () => {
    const { router } = setup([testDeployment("a"), testDeployment("b"), testDeployment("c"), testDeployment("d")], { allowedFails: 100 }, seededRandom(2));
    const tried: string[] = [];
    const error = await rejection(
      router.run("gpt-4o", async (lease) => {
        tried.push(lease.deployment.id);
        lease.release();
        throw upstreamError(500 + tried.length);
      }),
    );
    expect(tried).toHaveLength(3);
    expect(new Set(tried).size).toBe(3);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
  });

  it("throws a non-retryable failure at once, without counting it against the deployment", async () => {
    const { router, request } = setup([testDeployment("a"), testDeployment("b")]);
    const error = await rejection(request({ a: 400 }));
    expect((error as UpstreamError).status).toBe(400);
    expect(router.healthOf("a")!.failures.total(1_000_000)).toBe(0);
    expect(await request()).toBe("a");
  });

  it("rethrows an error that is not an UpstreamError without retrying", async () => {
    const { router } = setup([testDeployment("a"), testDeployment("b")]);
    let attempts = 0;
    const bug = new TypeError("cannot read properties of undefined");
    const error = await rejection(
      router.run("gpt-4o", async () => {
        attempts++;
        throw bug;
      }),
    );
    expect(error).toBe(bug);
    expect(attempts).toBe(1);
  });

  it("answers 404 model_not_found for an unknown group", async () => {
    const { router } = setup([testDeployment("a")]);
    const error = (await rejection(router.run("gpt-5", async () => "never"))) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
  });
});

describe("Router cooldown", () => {
  it("cools a deployment down after more than allowedFails failures in a minute, then brings it back", async () => {
    const { router, clock, request } = setup([testDeployment("a"), testDeployment("b")], { numRetries: 0 });
    await expect(request({ a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(await request()).toBe("a");
    await expect(request({ a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.healthOf("a")!.isCoolingDown(clock.time)).toBe(true);

    expect(await request()).toBe("b");
    clock.time += 9_999;
    expect(await request()).toBe("b");
    clock.time += 1;
    expect(await request()).toBe("a");
  });

  it("does not count failures older than a minute", async () => {
    const { router, clock, request } = setup([testDeployment("a"), testDeployment("b")], { numRetries: 0 });
    await expect(request({ a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    clock.time += 60_001;
    await expect(request({ a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    expect(router.healthOf("a")!.isCoolingDown(clock.time)).toBe(false);
    expect(await request()).toBe("a");
  });

  it("answers 503 no_deployment_available with retry-after when every deployment cools down", async () => {
    const { clock, request } = setup([testDeployment("a"), testDeployment("b")], { numRetries: 0, allowedFails: 0 });
    await expect(request({ a: 500 })).rejects.toBeInstanceOf(UpstreamError);
    clock.time += 2_000;
    await expect(request({ b: 429 })).rejects.toBeInstanceOf(UpstreamError);
    clock.time += 3_500;

    const error = (await rejection(request())) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 503, code: "no_deployment_available" });
    // a cools until +10 s, b until +12 s: the first one back is a, 4.5 s from now.
    expect(error.headers).toEqual({ "retry-after": "5" });
  });

  it("answers 429 rate_limit_exceeded when every deployment cooled down from 429s", async () => {
    const { request } = setup([testDeployment("a"), testDeployment("b")], { numRetries: 0, allowedFails: 0 });
    await expect(request({ a: 429 })).rejects.toBeInstanceOf(UpstreamError);
    await expect(request({ b: 429 })).rejects.toBeInstanceOf(UpstreamError);
    const error = (await rejection(request())) as GatewayError;
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "10" } });
  });

  it("throws the upstream failure, not a 503, when the last deployment cools down during retries", async () => {
    const { request } = setup([testDeployment("a")], { numRetries: 2, allowedFails: 0 });
    const error = await rejection(request({ a: 502 }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(502);
  });
});

describe("Router rpm headroom", () => {
  it("skips a deployment at its rpm until the minute has passed", async () => {
    const { clock, request } = setup([testDeployment("a", { rpm: 2 }), testDeployment("b")]);
    // rpm weights simple-shuffle, so b (no rpm) weighs 0 and a wins while it has room.
    expect([await request(), await request()]).toEqual(["a", "a"]);
    expect(await request()).toBe("b");
    clock.time += 60_000;
    expect(await request()).toBe("a");
  });

  it("answers 429 when every deployment is at its rpm", async () => {
    const { request } = setup([testDeployment("a", { rpm: 1 }), testDeployment("b", { rpm: 1 })]);
    await request();
    await request();
    const error = (await rejection(request())) as GatewayError;
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "1" } });
  });

  it("respects tpm once tokens are recorded", async () => {
    const { router, request } = setup([testDeployment("a", { tpm: 1_000 }), testDeployment("b", { tpm: 1 })], {}, () => 0);
    expect(await request()).toBe("a");
    router.recordTokens("a", 1_000);
    expect(await request()).toBe("b");
  });
});
