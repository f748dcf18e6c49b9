import type { Deployment } from "../../config/types";
import { RollingCount } from "./rolling-count";

/** What the router knows about one deployment right now: load, recent failures, cooldown. */
export class DeploymentHealth {
  inFlight = 0;
  cooldownUntil = 0;
  /** Why it is cooling down: 429s get Retry-After, other failures are plain unavailability. */
  cooldownReason: "rate_limited" | "failing" | undefined;
  /** Each over the last minute. */
  readonly failures = new RollingCount();
  readonly requests = new RollingCount();
  readonly tokens = new RollingCount();

  constructor(readonly deployment: Deployment) {}

  isCoolingDown(now: number): boolean {
    return now < this.cooldownUntil;
  }

  /** Its own `rpm`/`tpm` from the config, as headroom the load balancer respects. */
  hasHeadroom(now: number): boolean {
    const { rpm, tpm } = this.deployment;
    if (rpm !== undefined && this.requests.total(now) >= rpm) return false;
    if (tpm !== undefined && this.tokens.total(now) >= tpm) return false;
    return true;
  }
}
