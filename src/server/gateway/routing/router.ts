import type { Deployment, RouterSettings } from "../../config/types";
import { GatewayError } from "../errors";
import { UpstreamError } from "../providers/upstream-error";
import { DeploymentHealth } from "./deployment-health";
import { strategies, type PickStrategy } from "./strategies";
import type { DeploymentFilter } from "./tag-filter";

/** Held while a request uses a deployment (to the end of a stream); release is idempotent. */
export interface Lease {
  readonly deployment: Deployment;
  release(): void;
}

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
  private readonly groups = new Map<string, DeploymentHealth[]>();
  private readonly byId = new Map<string, DeploymentHealth>();
  private readonly pick: PickStrategy;

  constructor(
    deployments: readonly Deployment[],
    private readonly settings: RouterSettings,
    private readonly clock: RouterClock = { now: Date.now, random: Math.random },
    /** Told when a deployment starts cooling down, so other instances stop sending to it too. */
    private readonly onCooldown: (cooldown: Cooldown) => void = () => undefined,
  ) {
    for (const deployment of deployments) {
      const health = new DeploymentHealth(deployment);
      this.byId.set(deployment.id, health);
      const group = this.groups.get(deployment.modelGroup) ?? [];
      group.push(health);
      this.groups.set(deployment.modelGroup, group);
    }
    this.pick = strategies[settings.routingStrategy];
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
  async run<T>(group: string, attempt: (lease: Lease) => Promise<T>, eligible?: DeploymentFilter): Promise<T> {
    let tried: Set<string> | undefined;
    let lastError: UpstreamError | undefined;
    for (let round = 0; round <= this.settings.numRetries; round++) {
      const health = this.choose(group, tried, lastError, eligible);
      const lease = this.lease(health);
      try {
        return await attempt(lease);
      } catch (error) {
        lease.release();
        if (!(error instanceof UpstreamError)) throw error;
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
      if (error instanceof UpstreamError && error.isRetryable) this.recordFailure(health, error);
      throw error;
    }
  }

  /** Tokens a finished request used, for deployments that declare a `tpm`. */
  recordTokens(deploymentId: string, tokens: number): void {
    this.byId.get(deploymentId)?.tokens.add(this.clock.now(), tokens);
  }

  private lease(health: DeploymentHealth): Lease {
    health.inFlight++;
    health.requests.add(this.clock.now());
    let released = false;
    return {
      deployment: health.deployment,
      release: () => {
        if (released) return;
        released = true;
        health.inFlight--;
      },
    };
  }

  private recordFailure(health: DeploymentHealth, error: UpstreamError): void {
    const now = this.clock.now();
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

  /** Healthy deployments with rpm/tpm headroom, those not tried yet first; one pass, as every request comes here. */
  private choose(group: string, tried: ReadonlySet<string> | undefined, lastError: UpstreamError | undefined, eligible: DeploymentFilter | undefined): DeploymentHealth {
    const all = this.groups.get(group);
    if (!all) throw new GatewayError("model_not_found", `Model group "${group}" is not configured`, { param: "model" });
    const members = eligible ? all.filter((health) => eligible(health.deployment)) : all;
    const now = this.clock.now();
    let healthy = 0;
    const untried: DeploymentHealth[] = [];
    const triedWithHeadroom: DeploymentHealth[] = [];
    for (const health of members) {
      if (health.isCoolingDown(now)) continue;
      healthy++;
      if (!health.hasHeadroom(now)) continue;
      if (tried?.has(health.deployment.id)) triedWithHeadroom.push(health);
      else untried.push(health);
    }
    const candidates = untried.length > 0 ? untried : triedWithHeadroom;
    if (candidates.length > 0) return this.pick(candidates, this.clock.random);
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
