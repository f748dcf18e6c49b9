import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { LocalChangeBus, RedisChangeBus, type Change, type ChangeBus } from "./change-bus";
import { unknownInstances } from "./redis-change-bus";
import { connectRedis, waitForRedis } from "./redis-connection";
import { startPrivateRedis, type PrivateRedis } from "./testing/private-redis";

const sharedRedisUrl = "redis://127.0.0.1:6379";
const buses: ChangeBus[] = [];

function openBus(url: string, prefix: string, log: Logger = silentLogger(), options: { instanceName?: string; confirmTimeoutMs?: number } = {}): RedisChangeBus {
  // The production beat: an instance counts as alive for three beats, and at 100 ms a loaded
  // machine's stall between two beats let one drop out of the list a test had just checked.
  const bus = new RedisChangeBus(url, log, { prefix, heartbeatMs: 1_000, ...options });
  buses.push(bus);
  return bus;
}

function received(bus: ChangeBus): Change[] {
  const changes: Change[] = [];
  bus.subscribe((change) => changes.push(change));
  return changes;
}

async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

describe("RedisChangeBus confirmations", () => {
  it("resolves a change once every live instance has applied it, and names one that did not", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const a = openBus(sharedRedisUrl, prefix, silentLogger(), { instanceName: "a", confirmTimeoutMs: 300 });
    const b = openBus(sharedRedisUrl, prefix, silentLogger(), { instanceName: "b" });
    const c = openBus(sharedRedisUrl, prefix, silentLogger(), { instanceName: "c" });
    await Promise.all([a.subscribed(), b.subscribed(), c.subscribed()]);
    expect((await a.otherLiveInstances()).sort()).toEqual(["b", "c"]);

    let appliedAtB = false;
    b.subscribe(async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      appliedAtB = true;
    });
    c.subscribe(() => undefined);
    expect(await a.publish({ kind: "cost-map", versionId: 2 })).toEqual({ expected: expect.arrayContaining(["b", "c"]), unconfirmed: [] });
    expect(appliedAtB).toBe(true);

    // c hangs: a answers after its wait, naming c.
    c.subscribe(() => new Promise(() => undefined));
    const started = Date.now();
    const delivery = await a.publish({ kind: "key", token: "k" });
    expect(delivery.unconfirmed).toEqual(["c"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("does not wait for an instance that closed, nor for changes nobody confirms", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const a = openBus(sharedRedisUrl, prefix, silentLogger(), { instanceName: "a", confirmTimeoutMs: 5_000 });
    const b = openBus(sharedRedisUrl, prefix, silentLogger(), { instanceName: "b" });
    await Promise.all([a.subscribed(), b.subscribed()]);
    b.subscribe(() => new Promise(() => undefined));
    expect(await a.publish({ kind: "cooldown", deploymentId: "d", until: 1, reason: "failing" })).toEqual({ expected: [], unconfirmed: [] });
    await b.close();
    expect(await a.otherLiveInstances()).toEqual([]);
    expect(await a.publish({ kind: "team", teamId: "t" })).toEqual({ expected: [], unconfirmed: [] });
  });
});

describe("RedisChangeBus", () => {
  it("delivers a change to the other instances, not back to its publisher", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const a = openBus(sharedRedisUrl, prefix);
    const b = openBus(sharedRedisUrl, prefix);
    const elsewhere = openBus(sharedRedisUrl, `sy-test-${randomUUID()}:`);
    await Promise.all([a.subscribed(), b.subscribed(), elsewhere.subscribed()]);
    const [atA, atB, atElsewhere] = [received(a), received(b), received(elsewhere)];

    const changes: Change[] = [
      { kind: "key", token: "t".repeat(64) },
      { kind: "credential", name: "prod-openai" },
      { kind: "cooldown", deploymentId: "d1", until: 1_700_000_000_000, reason: "rate_limited" },
      { kind: "spend", keys: [["k", 0.25]], teams: [["team-a", 1.5]] },
    ];
    for (const change of changes) await a.publish(change);
    await eventually(() => expect(atB).toEqual(changes));
    // b's own publish reaches a: by the time it has, a's own messages would have too.
    await b.publish({ kind: "cost-map", versionId: 7 });
    await eventually(() => expect(atA).toEqual([{ kind: "cost-map", versionId: 7 }]));
    expect(atElsewhere).toEqual([]);
  });

  it("drops malformed messages and keeps listening", async () => {
    const prefix = `sy-test-${randomUUID()}:`;
    const warnings: unknown[] = [];
    const log = { ...silentLogger(), warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const bus = openBus(sharedRedisUrl, prefix, log);
    await bus.subscribed();
    const changes = received(bus);
    const raw = connectRedis(sharedRedisUrl);
    try {
      await waitForRedis(raw);
      await raw.publish(bus.channel, "not json");
      await raw.publish(bus.channel, JSON.stringify({ from: "other", change: { kind: "key" } }));
      await raw.publish(bus.channel, JSON.stringify({ from: "other", change: { kind: "drop-tables" } }));
      await raw.publish(bus.channel, JSON.stringify({ change: { kind: "team", teamId: "t" } }));
      await raw.publish(bus.channel, JSON.stringify({ from: "other", change: { kind: "team", teamId: "t" } }));
    } finally {
      raw.disconnect();
    }
    await eventually(() => expect(changes).toEqual([{ kind: "team", teamId: "t" }]));
    expect(warnings).toHaveLength(4);
  });

  describe("across a Redis restart", () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
    });
    afterAll(async () => {
      await redis.stop();
    });

    it("never rejects a publish while down, and tells listeners to resync once back", async () => {
      const a = openBus(redis.url, "sy-test:");
      const b = openBus(redis.url, "sy-test:");
      await Promise.all([a.subscribed(), b.subscribed()]);
      const atB = received(b);

      await redis.stop();
      // Nobody can be asked: the answer says so rather than claiming everyone confirmed.
      await expect(a.publish({ kind: "team", teamId: "lost" })).resolves.toEqual({ expected: [], unconfirmed: [unknownInstances] });
      await redis.restart();

      await eventually(() => expect(atB).toEqual([{ kind: "resync" }]));
      await eventually(async () => {
        await a.publish({ kind: "team", teamId: "after" });
        expect(atB).toContainEqual({ kind: "team", teamId: "after" });
      });
    });
  });
});

describe("LocalChangeBus", () => {
  it("publishes to no one, not even its own listeners", async () => {
    const bus: ChangeBus = new LocalChangeBus();
    const changes = received(bus);
    await bus.publish({ kind: "resync" });
    expect(changes).toEqual([]);
    expect(bus.kind).toBe("local");
    await bus.close();
  });
});
