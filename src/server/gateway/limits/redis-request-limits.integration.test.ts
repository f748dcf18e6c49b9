import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { connectRedis, waitForRedis } from "../../redis/redis-connection";
import { startPrivateRedis, type PrivateRedis } from "../../redis/testing/private-redis";
import { keyPrincipal } from "../testing/builders";
import { RedisRequestLimits } from "./redis-request-limits";
import { admitted, admittedCount, refusal, expectSlidingMinute } from "./testing/admission";

const sharedRedisUrl = "redis://127.0.0.1:6379";
const clients: Redis[] = [];
let prefix = "";

async function connected(url: string): Promise<Redis> {
  const client = connectRedis(url);
  clients.push(client);
  await waitForRedis(client);
  return client;
}

async function limiter(url = sharedRedisUrl, log?: Logger): Promise<{ limits: RedisRequestLimits; client: Redis }> {
  const client = await connected(url);
  return { limits: new RedisRequestLimits(client, { prefix, log }), client };
}

function randomToken(): string {
  return randomUUID().replaceAll("-", "").padEnd(64, "0");
}

function requestsKey(token: string): string {
  return `${prefix}limits:key:${token}:requests`;
}

beforeEach(() => {
  prefix = `sy-test-${randomUUID()}:`;
});

afterEach(async () => {
  const cleaner = await connected(sharedRedisUrl);
  for await (const keys of cleaner.scanStream({ match: `${prefix}*` }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await cleaner.del(...keys);
  }
  for (const client of clients.splice(0)) client.disconnect();
});

describe("RedisRequestLimits", () => {
  it("costs no Redis command for a key with no limits, in its team with none either, or for the master key", async () => {
    const { limits, client } = await limiter();
    const commands = vi.spyOn(client, "sendCommand");
    const unlimited = keyPrincipal({ token: randomToken() }, { teamId: "team-free" });
    for (const principal of [unlimited, { kind: "master" } as const]) {
      await limits.admit(principal, 1_000);
      await limits.recordTokens(principal, 1_000, 1_000);
    }
    expect(commands).not.toHaveBeenCalled();
    // The spy sees what a limited key sends.
    await limits.admit(keyPrincipal({ token: randomToken(), rpmLimit: 5 }), 1_000);
    expect(commands).toHaveBeenCalled();
  });

  it("admits exactly the rpm across two instances on two connections", async () => {
    const one = await limiter();
    const two = await limiter();
    const token = randomToken();
    const principal = keyPrincipal({ token, rpmLimit: 50 });
    const count = await admittedCount(200, (index) => admitted(index % 2 ? one.limits : two.limits, principal, 1_000));
    expect(count).toBe(50);
    expect(await one.client.zcard(requestsKey(token))).toBe(50);
  });

  it("slides the minute and says when to retry", async () => {
    const { limits } = await limiter();
    const principal = keyPrincipal({ token: randomToken(), rpmLimit: 5 });
    await expectSlidingMinute(limits, principal);
  });

  it("refuses once tokens recorded by another instance reach the tpm", async () => {
    const one = await limiter();
    const two = await limiter();
    const principal = keyPrincipal({ token: randomToken(), tpmLimit: 1_000 });
    await one.limits.admit(principal, 0);
    await one.limits.recordTokens(principal, 999, 1_000);
    expect(await admitted(two.limits, principal, 2_000)).toBe(true);
    await one.limits.recordTokens(principal, 1, 2_000);
    const error = await refusal(two.limits.admit(principal, 3_000));
    expect(error).toMatchObject({ status: 429, code: "tpm_limit_exceeded", headers: { "retry-after": "58" } });
    expect(error.message).toContain("this key allows 1000 tokens per minute");
    expect(await admitted(two.limits, principal, 61_001)).toBe(true);
  });

  it("enforces key and team, and a refused request counts for neither", async () => {
    const { limits } = await limiter();
    const team = { teamId: `team-${randomUUID()}`, rpmLimit: 3, tpmLimit: 100 };
    const keyA = keyPrincipal({ token: randomToken(), rpmLimit: 2 }, team);
    const keyB = keyPrincipal({ token: randomToken() }, team);
    expect([await admitted(limits, keyA, 0), await admitted(limits, keyA, 0)]).toEqual([true, true]);
    expect((await refusal(limits.admit(keyA, 0))).message).toContain("this key allows 2");
    expect(await admitted(limits, keyB, 0)).toBe(true);
    expect((await refusal(limits.admit(keyB, 0))).message).toContain("this team allows 3 requests");

    const keyC = keyPrincipal({ token: randomToken() }, { teamId: `team-${randomUUID()}`, tpmLimit: 100 });
    await limits.recordTokens(keyC, 100, 0);
    expect((await refusal(limits.admit(keyC, 1))).message).toContain("this team allows 100 tokens per minute");
  });

  it("never limits the master key", async () => {
    const { limits } = await limiter();
    await limits.recordTokens({ kind: "master" }, 1e9, 0);
    expect(await admittedCount(100, () => admitted(limits, { kind: "master" }, 0))).toBe(100);
  });
});

describe("RedisRequestLimits when Redis goes away", () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("limits from memory during the outage and returns to Redis after", async () => {
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args), info: () => undefined } as unknown as Logger;
    const { limits, client } = await limiter(redis.url, log);
    const token = randomToken();
    const principal = keyPrincipal({ token, rpmLimit: 3 });
    expect(await admitted(limits, principal, 1_000)).toBe(true);
    expect(await client.zcard(requestsKey(token))).toBe(1);

    await redis.stop();
    // The local window starts empty, so this instance alone admits the full limit.
    expect(await admittedCount(5, () => admitted(limits, principal, 2_000))).toBe(3);
    expect(warnings).toHaveLength(1);

    await redis.restart();
    await waitForRedis(client, 10_000);
    expect(await admitted(limits, principal, 3_000)).toBe(true);
    // The restarted server is empty: the admission counted there, not in memory.
    expect(await client.zcard(requestsKey(token))).toBe(1);
    expect(await admittedCount(5, () => admitted(limits, principal, 4_000))).toBe(2);
    expect(warnings).toHaveLength(1);
  });
});
