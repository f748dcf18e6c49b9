import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Database } from "../../db";
import { LocalChangeBus, RedisChangeBus, type Change, type ChangeBus } from "../../redis/change-bus";
import { defaultInstanceName } from "../../redis/redis-change-bus";
import { connectRedis, redisStatus, type RedisStatus } from "../../redis/redis-connection";
import { DatabaseRequestLimits } from "../limits/database-request-limits";
import { RedisRequestLimits } from "../limits/redis-request-limits";
import { MemoryRequestLimits, type RequestLimits } from "../limits/request-limits";
import { ChangeConfirmations } from "./change-confirmations";
import { ChangeBuses, ThreadChangeBus } from "./thread-change-bus";

/**
 * What one instance shares with the others besides the database: rate-limit counters and change
 * notifications. Three set-ups, chosen by the environment:
 * - SQLite (one process): limits in memory, nobody to notify.
 * - PostgreSQL without Redis: limits counted in the database, no notifications (caches expire quickly instead).
 * - with REDIS_URL: limits and notifications through Redis.
 */
export interface Fleet {
  readonly kind: "single" | "database" | "redis";
  readonly bus: ChangeBus;
  /** This gateway's name on the buses (host:pid:thread:random), as other instances' answers name it. */
  readonly instanceName: string;
  /** The changes a tracked request published, and whether every live instance confirmed them. */
  readonly confirmations: ChangeConfirmations;
  /** Publishes a change this gateway made and notes it for the request making it (if tracked). */
  announce(change: Change): void;
  readonly limits: RequestLimits;
  /** How long a cached key or team may be served without a notification saying it changed. */
  readonly keyCacheTtlMs: number;
  /** The shared Redis and its key prefix, for what else a fleet counts together (deployment usage). */
  readonly redis?: { client: Redis; prefix: string };
  redisStatus(): RedisStatus | "not_configured";
  close(): Promise<void>;
}

export interface FleetOptions {
  database: Database;
  redisUrl?: string;
  redisPrefix?: string;
  threadChannel?: string;
  /** Which thread of its process this gateway runs in, for its instance name. */
  role?: "main" | "dashboard";
  /** How long a change's author waits for every live instance to confirm it (SWITCHYARD_CHANGE_CONFIRM_TIMEOUT_MS). */
  confirmTimeoutMs?: number;
  log: Logger;
}

type InstanceFleet = Omit<Fleet, "confirmations" | "announce">;

export function openFleet(options: FleetOptions): Fleet {
  const instanceName = defaultInstanceName(options.role ?? "main");
  const fleet = openInstanceFleet({ ...options, instanceName });
  const confirmations = new ChangeConfirmations();
  const withAnnounce = (bus: ChangeBus) => ({ confirmations, announce: (change: Change) => confirmations.note(bus.publish(change)) });
  if (!options.threadChannel) return { ...fleet, ...withAnnounce(fleet.bus) };
  // The dashboard's thread and the main thread hear each other at once, whatever the set-up.
  const bus = new ChangeBuses([fleet.bus, new ThreadChangeBus(options.threadChannel, instanceName, options.confirmTimeoutMs)]);
  return {
    ...fleet,
    bus,
    ...withAnnounce(bus),
    async close() {
      await bus.close();
      await fleet.close();
    },
  };
}

function openInstanceFleet(options: FleetOptions & { instanceName: string }): InstanceFleet {
  const { database, redisUrl, log, instanceName } = options;
  if (redisUrl) {
    const redis: Redis = connectRedis(redisUrl, log);
    const prefix = options.redisPrefix ?? "switchyard:";
    // The limits' connection publishes too; subscribing needs a connection of its own.
    const bus = new RedisChangeBus(redisUrl, log, { prefix, publisher: redis, instanceName, confirmTimeoutMs: options.confirmTimeoutMs });
    return {
      kind: "redis",
      bus,
      instanceName,
      limits: new RedisRequestLimits(redis, { prefix, log }),
      // Notifications drop changed entries at once, and every entry after a Redis outage; the TTL is a backstop.
      keyCacheTtlMs: 60_000,
      redis: { client: redis, prefix },
      redisStatus: () => redisStatus(redis),
      async close() {
        await bus.close();
        redis.disconnect();
      },
    };
  }
  if (database.dialect === "postgres") {
    const limits = new DatabaseRequestLimits(database);
    const purge = setInterval(() => void limits.purge(Date.now()).catch(() => undefined), 60_000);
    purge.unref();
    return {
      kind: "database",
      bus: new LocalChangeBus(),
      instanceName,
      limits,
      // No notifications: a key blocked on another instance is refused here within this bound.
      keyCacheTtlMs: 1_000,
      redisStatus: () => "not_configured",
      async close() {
        clearInterval(purge);
      },
    };
  }
  return {
    kind: "single",
    bus: new LocalChangeBus(),
    instanceName,
    limits: new MemoryRequestLimits(),
    // Every write goes through this process's stores (the dashboard's thread tells the main
    // thread of its own); the TTL only bounds how long an edit made with another tool goes unseen.
    keyCacheTtlMs: 300_000,
    redisStatus: () => "not_configured",
    async close() {},
  };
}
