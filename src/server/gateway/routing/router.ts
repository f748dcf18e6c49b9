import type { Deployment, RouterSettings } from "../../config/types";
import { GatewayError } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { DeploymentHealth } from "./deployment-health";
import { DeploymentStats } from "./deployment-stats";
import { LatencyTracker, type LatencySample } from "./latency-tracker";
import { createStrategy, type PickRequest, type PickStrategy, type PriceOf } from "./strategies";
import type { DeploymentFilter } from "./tag-filter";
import { localUsage, type DeploymentUsage } from "./usage/deployment-usage";

/** Held while a request uses a deployment (to the end of a stream); release is idempotent. */
export interface Lease {
  readonly deployment: Deployment;
  /** When this attempt started (latency-based routing measures from here). */
  readonly startedAt: number;
  release(): void;
}

/** What a pick may know about the request beyond its group. */
export interface RouteHints {
  /** Estimated input tokens, for tpm headroom; a function is called only when some deployment has a tpm. */
  inputTokens?: number | (() => number);
  /** Streams are scored by time to first token under latency-based routing. */
  streamed?: boolean;
}

export interface RouterSignals {
  /** Requests and tokens per deployment this minute; default: this instance's own. */
  usage?: DeploymentUsage;
  /** For cost-based routing. */
  priceOf?: PriceOf;
}

const noHints: RouteHints = {};
const defaultLatencyArgs = { ttlMs: 3_600_000, buffer: 0, samples: 10 };

export interface RouterClock {
  now: () => number;
  random: () => number;
}

export interface Cooldown {
  deploymentId: string;
  until: number;
  reason: "rate_limited" | "failing";
}

/**
 * Model group -> deployments: picks one by the configured strategy, retries retryable failures
 * on another, and cools down deployments that fail more than `allowedFails` times in a minute.
 */
export class Router {
  // Replaced whole, never edited, by replaceDeployments: a request reads one consistent set.
  private groups = new Map<string, DeploymentHealth[]>();
  private byId = new Map<string, DeploymentHealth>();
  /** Groups where some deployment has an `order`: only they pay for the priority filter. */
  private orderedGroups = new Set<string>();
  private readonly pick: PickStrategy;
  private readonly usage: DeploymentUsage;
  /** Only latency-based routing reads latencies; otherwise nothing is recorded. */
  readonly latency: LatencyTracker | undefined;
  /** Recent calls per deployment (requests, errors, p50/p95), for the Models page. */
  readonly stats = new DeploymentStats();

  constructor(
    deployments: readonly Deployment[],
    private readonly settings: RouterSettings,
    private readonly clock: RouterClock = { now: Date.now, random: Math.random },
    /** Told when a deployment starts cooling down, so other instances stop sending to it too. */
    private readonly onCooldown: (cooldown: Cooldown) => void = () => undefined,
    signals: RouterSignals = {},
  ) {
    this.install(deployments);
    this.usage = signals.usage ?? localUsage;
    const latency = new LatencyTracker(settings.latency ?? defaultLatencyArgs);
    this.latency = settings.routingStrategy === "latency-based-routing" ? latency : undefined;
    this.pick = createStrategy(settings, { usage: this.usage, latency, priceOf: signals.priceOf ?? (() => undefined) });
  }

  /**
   * Swaps in a new deployment set (stored deployments added, changed or deleted) in one step.
   * A deployment kept as the same object keeps its health (cooldown, counts); a changed one
   * starts afresh. Requests in flight hold their lease's deployment, which is never mutated, so
   * they finish where they started; their retries pick from the new set.
   */
  replaceDeployments(deployments: readonly Deployment[]): void {
    this.install(deployments, this.byId);
    this.usage.track?.(deployments.map((deployment) => deployment.id));
  }

  private install(deployments: readonly Deployment[], previous?: ReadonlyMap<string, DeploymentHealth>): void {
    const groups = new Map<string, DeploymentHealth[]>();
    const byId = new Map<string, DeploymentHealth>();
    const orderedGroups = new Set<string>();
    for (const deployment of deployments) {
      const kept = previous?.get(deployment.id);
      const health = kept?.deployment === deployment ? kept : new DeploymentHealth(deployment);
      byId.set(deployment.id, health);
      const group = groups.get(deployment.modelGroup) ?? [];
      group.push(health);
      groups.set(deployment.modelGroup, group);
      if (deployment.order !== undefined) orderedGroups.add(deployment.modelGroup);
    }
    this.groups = groups;
    this.byId = byId;
    this.orderedGroups = orderedGroups;
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  modelGroups(): string[] {
    return [...this.groups.keys()];
  }

  deploymentsOf(group: string): Deployment[] {
    return (this.groups.get(group) ?? []).map((health) => health.deployment);
  }

  healthOf(deploymentId: string): DeploymentHealth | undefined {
    return this.byId.get(deploymentId);
  }

  /**
   * Runs `attempt` on a chosen deployment, then on others while failures are retryable, up to
   * `numRetries` more times. Once `attempt` resolves (for a stream: once headers arrived and
   * bytes may reach the client) nothing is retried.
   */
  async run<T>(group: string, attempt: (lease: Lease) => Promise<T>, eligible?: DeploymentFilter, hints: RouteHints = noHints): Promise<T> {
    let tried: Set<string> | undefined;
    let lastError: UpstreamError | undefined;
    for (let round = 0; round <= this.settings.numRetries; round++) {
      const health = this.choose(group, tried, lastError, eligible, hints);
      const lease = this.lease(health);
      try {
        return await attempt(lease);
      } catch (error) {
        lease.release();
        if (!(error instanceof UpstreamError)) throw error;
        this.recordError(lease);
        lastError = error;
        if (!error.isRetryable) throw error;
        this.recordFailure(health, error);
        (tried ??= new Set()).add(health.deployment.id);
      }
    }
    throw lastError;
  }

  /** Whether any deployment of `group` matching `matches` is configured and, if so, healthy now. */
  availability(group: string, matches: (deployment: Deployment) => boolean): "available" | "cooling_down" | "none" {
    const candidates = (this.groups.get(group) ?? []).filter((health) => matches(health.deployment));
    if (candidates.length === 0) return "none";
    const now = this.clock.now();
    return candidates.some((health) => !health.isCoolingDown(now)) ? "available" : "cooling_down";
  }

  /**
   * One attempt on a deployment the request is bound to (Responses affinity): the preferred one
   * if healthy, else another healthy match. No load balancing, no rpm/tpm headroom check and no
   * retry elsewhere: anywhere else the request would fail anyway. All matches cooling down ->
   * 429 with Retry-After after upstream rate limits, 503 otherwise.
   */
  async runPinned<T>(group: string, matches: (deployment: Deployment) => boolean, preferredId: string, attempt: (lease: Lease) => Promise<T>): Promise<T> {
    const candidates = (this.groups.get(group) ?? []).filter((health) => matches(health.deployment));
    // Nothing to wait for: without this, "all cooling down" of no deployments is a 429 with Retry-After: Infinity.
    if (candidates.length === 0) throw new GatewayError("no_deployment_available", `Unavailable: no deployment of "${group}" can serve this conversation`);
    const now = this.clock.now();
    const healthy = candidates.filter((health) => !health.isCoolingDown(now));
    if (healthy.length === 0) return this.throwCoolingDown("the deployment this conversation is bound to", candidates, now);
    const health = healthy.find((candidate) => candidate.deployment.id === preferredId) ?? healthy[0];
    const lease = this.lease(health);
    try {
      return await attempt(lease);
    } catch (error) {
      lease.release();
      if (error instanceof UpstreamError) this.recordError(lease);
      if (error instanceof UpstreamError && error.isRetryable) this.recordFailure(health, error);
      throw error;
    }
  }

  /** Tokens a finished request used: tpm headroom and usage-based routing count them. */
  recordTokens(deploymentId: string, tokens: number): void {
    const health = this.byId.get(deploymentId);
    if (health) this.usage.addTokens(health, this.clock.now(), tokens);
  }

  /** A finished call's timing, for latency-based routing (nothing is kept under other strategies). */
  recordLatency(deploymentId: string, sample: LatencySample): void {
    this.latency?.record(deploymentId, sample);
    this.stats.record(deploymentId, { at: sample.endedAt, ms: sample.endedAt - sample.startedAt, ok: true });
  }

  private recordError(lease: Lease): void {
    const now = this.clock.now();
    this.stats.record(lease.deployment.id, { at: now, ms: now - lease.startedAt, ok: false });
  }

  /** Stops the shared usage counts (their last counts are sent). */
  close(): Promise<void> {
    return this.usage.close();
  }

  private lease(health: DeploymentHealth): Lease {
    const now = this.clock.now();
    health.inFlight++;
    this.usage.addRequest(health, now);
    let released = false;
    return {
      deployment: health.deployment,
      startedAt: now,
      release: () => {
        if (released) return;
        released = true;
        health.inFlight--;
      },
    };
  }

  /** A retryable failure (timeouts included) counts toward the deployment's cooldown. */
  private recordFailure(health: DeploymentHealth, error: UpstreamError): void {
    const now = this.clock.now();
    if (error.isTimeout) this.latency?.recordTimeout(health.deployment.id, now);
    health.failures.add(now);
    if (health.failures.total(now) > this.settings.allowedFails) {
      health.cooldownUntil = now + this.settings.cooldownSeconds * 1000;
      health.cooldownReason = error.status === 429 ? "rate_limited" : "failing";
      this.onCooldown({ deploymentId: health.deployment.id, until: health.cooldownUntil, reason: health.cooldownReason });
    }
  }

  /** Another instance saw this deployment fail: cool it down here too (never shortens a cooldown). */
  coolDownElsewhere(cooldown: Cooldown): void {
    const health = this.byId.get(cooldown.deploymentId);
    if (!health || cooldown.until <= health.cooldownUntil) return;
    health.cooldownUntil = cooldown.until;
    health.cooldownReason = cooldown.reason;
  }

  /**
   * Healthy deployments with rpm/tpm room for this request, those not tried yet first, of the
   * lowest `order` among them (LiteLLM's priority: a higher order serves only while no lower one
   * can); the strategy picks among those. One pass, as every request comes here.
   */
  private choose(group: string, tried: ReadonlySet<string> | undefined, lastError: UpstreamError | undefined, eligible: DeploymentFilter | undefined, hints: RouteHints): DeploymentHealth {
    const all = this.groups.get(group);
    if (!all) throw new GatewayError("model_not_found", `Model group "${group}" is not configured`, { param: "model" });
    const members = eligible ? all.filter((health) => eligible(health.deployment)) : all;
    const now = this.clock.now();
    const tokens = new LazyInputTokens(hints);
    let healthy = 0;
    const untried: DeploymentHealth[] = [];
    const triedWithHeadroom: DeploymentHealth[] = [];
    for (const health of members) {
      if (health.isCoolingDown(now)) continue;
      healthy++;
      if (!health.hasHeadroom(this.usage, now, tokens)) continue;
      if (tried?.has(health.deployment.id)) triedWithHeadroom.push(health);
      else untried.push(health);
    }
    const available = untried.length > 0 ? untried : triedWithHeadroom;
    if (available.length > 0) {
      const candidates = this.orderedGroups.has(group) ? lowestOrder(available) : available;
      const request: PickRequest = { now, random: this.clock.random, streamed: hints.streamed === true };
      return this.pick(candidates, request);
    }
    if (lastError) throw lastError;
    if (healthy > 0) {
      throw new GatewayError("rate_limit_exceeded", `Every deployment of "${group}" is at its rpm/tpm limit; retry shortly`, {
        headers: { "retry-after": "1" },
      });
    }
    return this.throwCoolingDown(`every deployment of "${group}"`, members, now);
  }

  private throwCoolingDown(subject: string, members: readonly DeploymentHealth[], now: number): never {
    const waitSeconds = Math.max(1, Math.ceil((Math.min(...members.map((health) => health.cooldownUntil)) - now) / 1000));
    const headers = { "retry-after": String(waitSeconds) };
    if (members.every((health) => health.cooldownReason === "rate_limited")) {
      throw new GatewayError("rate_limit_exceeded", `Rate limited upstream: ${subject} is cooling down; retry in ${waitSeconds}s`, { headers });
    }
    throw new GatewayError("no_deployment_available", `Unavailable: ${subject} is cooling down after failures; retry in ${waitSeconds}s`, { headers });
  }
}

function lowestOrder(candidates: readonly DeploymentHealth[]): DeploymentHealth[] {
  let lowest = Infinity;
  for (const health of candidates) lowest = Math.min(lowest, health.order);
  return candidates.filter((health) => health.order === lowest);
}

class LazyInputTokens {
  private estimate: number | undefined;
  constructor(private readonly hints: RouteHints) {}
  inputTokens(): number {
    const given = this.hints.inputTokens;
    return (this.estimate ??= typeof given === "function" ? given() : (given ?? 0));
  }
}
