import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { Deployment, RouterSettings } from "../../../config/types";
import { connectRedis, waitForRedis } from "../../../redis/redis-connection";
import { startPrivateRedis } from "../../../redis/testing/private-redis";
import { testDeployment } from "../../testing/builders";
import { Router } from "../router";
import { RedisDeploymentUsage } from "./redis-deployment-usage";

const sharedRedisUrl = "redis://127.0.0.1:6379";
const clients: Redis[] = [];
const usages: RedisDeploymentUsage[] = [];

afterEach(async () => {
  for (const usage of usages.splice(0)) await usage.close().catch(() => undefined);
  for (const client of clients.splice(0)) client.disconnect();
});

const settings: RouterSettings = { routingStrategy: "usage-based-routing-v2", numRetries: 0, allowedFails: 3, cooldownSeconds: 5, timeoutSeconds: 600 };

/** One gateway instance's router, counting through Redis; the sync is driven by the test. */
async function instance(deployments: Deployment[], prefix: string, clock: { time: number }, url = sharedRedisUrl) {
  const client = connectRedis(url);
  clients.push(client);
  await waitForRedis(client);
  const usage = new RedisDeploymentUsage(
    client,
    deployments.map((deployment) => deployment.id),
    { prefix, syncMs: 3_600_000 },
    () => clock.time,
  );
  usages.push(usage);
  const router = new Router(deployments, settings, { now: () => clock.time, random: () => 0 }, undefined, { usage });
  const pick = () =>
    router.run("gpt-4o", async (lease) => {
      lease.release();
      return lease.deployment.id;
    });
  return { router, usage, pick, client };
}

describe("deployment usage shared through Redis", () => {
  it("lets one instance route by the tokens another used this minute", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const clock = { time: 60_000 * 1_000 + 5_000 };
    const deployments = [testDeployment("a"), testDeployment("b")];
    const first = await instance(deployments, prefix, clock);
    const second = await instance(deployments, prefix, clock);
    first.router.recordTokens("a", 700);
    first.router.recordTokens("b", 100);
    // Not yet synced: the second instance knows nothing and takes the first (random 0).
    expect(await second.pick()).toBe("a");
    await first.usage.sync();
    await second.usage.sync();
    expect(await second.pick()).toBe("b");
    // The minute's totals are the fleet's: both instances' requests and tokens.
    expect(second.usage.tokens(second.router.healthOf("a")!, clock.time)).toBe(700);
    expect(second.usage.requests(second.router.healthOf("a")!, clock.time)).toBe(1);
    expect(Number(await first.client.get(`${prefix}routing:a:tpm:${Math.floor(clock.time / 60_000)}`))).toBe(700);
    expect(await first.client.ttl(`${prefix}routing:a:tpm:${Math.floor(clock.time / 60_000)}`)).toBeGreaterThan(60);
    // A new minute starts from nothing, as LiteLLM's per-minute keys do.
    clock.time += 60_000;
    await second.usage.sync();
    expect(second.usage.tokens(second.router.healthOf("a")!, clock.time)).toBe(0);
  });

  it("holds a deployment's rpm across instances", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const clock = { time: 60_000 * 2_000 + 1_000 };
    const deployments = [testDeployment("limited", { rpm: 2 })];
    const first = await instance(deployments, prefix, clock);
    const second = await instance(deployments, prefix, clock);
    expect(await first.pick()).toBe("limited");
    expect(await first.pick()).toBe("limited");
    await first.usage.sync();
    await second.usage.sync();
    await expect(second.pick()).rejects.toMatchObject({ code: "rate_limit_exceeded" });
  });

  it("counts on the instance alone while Redis cannot answer, and shares again once it does", async () => {
    const redis = await startPrivateRedis();
    try {
      const prefix = `sy-test-${randomUUID()}:`;
      const clock = { time: 60_000 * 3_000 + 1_000 };
      const deployments = [testDeployment("a"), testDeployment("b")];
      const only = await instance(deployments, prefix, clock, redis.url);
      await redis.stop();
      only.router.recordTokens("a", 50);
      await only.usage.sync();
      // Local counts still steer: b used nothing here.
      expect(await only.pick()).toBe("b");
      expect(only.usage.tokens(only.router.healthOf("a")!, clock.time)).toBe(50);
    } finally {
      await redis.stop().catch(() => undefined);
    }
  });
});
