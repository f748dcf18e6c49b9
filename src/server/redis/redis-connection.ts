import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

/**
 * A Redis client for the request path: while Redis is away a command fails at once (no offline
 * queue, one retry, bounded connect and command time) so callers fall back instead of holding
 * requests, and it reconnects forever, at most a second apart, so service resumes by itself.
 * `overrides` adjusts it for other uses (a subscriber).
 */
export function connectRedis(url: string, log?: Logger, overrides: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    lazyConnect: false,
    ...overrides,
  });
  let unreachable = false;
  // Without a listener an 'error' event would crash the process; one warning per outage is enough.
  client.on("error", (error: Error) => {
    if (unreachable) return;
    unreachable = true;
    log?.warn({ err: error.message }, "redis unreachable; retrying");
  });
  client.on("ready", () => {
    if (!unreachable) return;
    unreachable = false;
    log?.info("redis reachable again");
  });
  return client;
}

export type RedisStatus = "connected" | "unreachable";

export function redisStatus(client: Redis): RedisStatus {
  return client.status === "ready" ? "connected" : "unreachable";
}

/** Resolves once the client can take commands (a fresh client refuses them until then). */
export function waitForRedis(client: Redis, timeoutMs = 5_000): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off("ready", onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    function onReady() {
      clearTimeout(timer);
      resolve();
    }
    client.once("ready", onReady);
  });
}
