import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DeploymentHealth } from "../deployment-health";
import { localUsage, type DeploymentUsage } from "./deployment-usage";

export interface RedisDeploymentUsageOptions {
  prefix: string;
  /** How often this instance's counts go out and the fleet's come back (default 200 ms). */
  syncMs?: number;
  log?: Logger;
}

const minuteMs = 60_000;

/**
 * The fleet's requests and tokens per deployment in the current (UTC) minute, as LiteLLM keeps
 * them in Redis (`{id}:tpm:{minute}`), with Redis off the request path: a request adds to this
 * instance's pending counts; every `syncMs` they go out in one pipeline (INCRBY, EXPIRE) that also
 * reads every deployment's totals back (MGET). A pick sees the last totals read plus what this
 * instance added since, so the fleet's view lags by at most one sync. While Redis cannot answer,
 * the instance counts on its own (localUsage) and returns to the fleet's totals when it answers.
 */
export class RedisDeploymentUsage implements DeploymentUsage {
  /** Key -> count added here and not yet sent. */
  private pending = new Map<string, number>();
  /** Sent in the sync under way, not yet in `fleet`. */
  private sending = new Map<string, number>();
  /** Key -> the fleet's total at the last sync. */
  private fleet = new Map<string, number>();
  private reachable = true;
  private syncing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private deploymentIds: readonly string[],
    private readonly options: RedisDeploymentUsageOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.sync(), options.syncMs ?? 200);
    this.timer.unref();
  }

  requests(health: DeploymentHealth, now: number): number {
    return this.reachable ? this.total(this.key(health.deployment.id, "rpm", now)) : localUsage.requests(health, now);
  }

  tokens(health: DeploymentHealth, now: number): number {
    return this.reachable ? this.total(this.key(health.deployment.id, "tpm", now)) : localUsage.tokens(health, now);
  }

  addRequest(health: DeploymentHealth, now: number): void {
    localUsage.addRequest(health, now);
    this.add(this.key(health.deployment.id, "rpm", now), 1);
  }

  addTokens(health: DeploymentHealth, now: number, tokens: number): void {
    localUsage.addTokens(health, now, tokens);
    this.add(this.key(health.deployment.id, "tpm", now), Math.round(tokens));
  }

  /** The deployment set changed (stored deployments): count the fleet's totals of these from now on. */
  track(deploymentIds: readonly string[]): void {
    this.deploymentIds = [...new Set(deploymentIds)];
  }

  /** Sends the pending counts and reads the fleet's totals for this minute; one at a time. */
  sync(): Promise<void> {
    this.syncing ??= this.exchange().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }

  private async exchange(): Promise<void> {
    this.sending = this.pending;
    this.pending = new Map();
    const now = this.now();
    const keys = this.deploymentIds.flatMap((id) => [this.key(id, "rpm", now), this.key(id, "tpm", now)]);
    const pipeline = this.redis.pipeline();
    for (const [key, amount] of this.sending) {
      pipeline.incrby(key, amount);
      // Two minutes: the minute is over by then, and a late reader of it still finds it.
      pipeline.expire(key, 120);
    }
    pipeline.mget(...keys);
    try {
      const results = await pipeline.exec();
      const read = results?.[results.length - 1];
      if (!read || read[0]) throw read?.[0] ?? new Error("no answer from Redis");
      const values = read[1] as (string | null)[];
      this.fleet = new Map(keys.map((key, index) => [key, Number(values[index] ?? 0)]));
      if (!this.reachable) this.options.log?.info("deployment usage shared through Redis again");
      this.reachable = true;
    } catch (error) {
      // Counts sent in a failed pipeline may or may not have landed; dropping them undercounts by one sync at most.
      if (this.reachable) this.options.log?.warn({ err: (error as Error).message }, "deployment usage: Redis unreachable; counting on this instance");
      this.reachable = false;
    } finally {
      this.sending = new Map();
    }
  }

  private total(key: string): number {
    return (this.fleet.get(key) ?? 0) + (this.sending.get(key) ?? 0) + (this.pending.get(key) ?? 0);
  }

  private add(key: string, amount: number): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + amount);
  }

  private key(deploymentId: string, kind: "rpm" | "tpm", now: number): string {
    return `${this.options.prefix}routing:${deploymentId}:${kind}:${Math.floor(now / minuteMs)}`;
  }
}
