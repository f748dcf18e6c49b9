import type { Deployment } from "../../config/types";
import { RollingCount } from "./rolling-count";
import type { DeploymentUsage } from "./usage/deployment-usage";

/** The request's estimated input tokens, worked out on first use. */
export interface InputTokens {
  inputTokens(): number;
}

/** What the router knows about one deployment right now: load, recent failures, cooldown. */
export class DeploymentHealth {
  inFlight = 0;
  cooldownUntil = 0;
  /** Why it is cooling down: 429s get Retry-After, other failures are plain unavailability. */
  cooldownReason: "rate_limited" | "failing" | undefined;
  /** Each over the last minute, on this instance (a fleet's shared counts: usage/redis-deployment-usage.ts). */
  readonly failures = new RollingCount();
  readonly requests = new RollingCount();
  readonly tokens = new RollingCount();
  /** `litellm_params.order`; deployments without one come after every ordered one, as in LiteLLM. */
  readonly order: number;

  constructor(readonly deployment: Deployment) {
    this.order = deployment.order ?? Infinity;
  }

  isCoolingDown(now: number): boolean {
    return now < this.cooldownUntil;
  }

  /**
   * Room under its own `rpm`/`tpm` for one more request, given the minute's counts (LiteLLM's
   * check: used + this request's input tokens must not pass tpm). `hints.inputTokens` is read
   * only when there is a tpm, as estimating costs a walk of the body.
   */
  hasHeadroom(usage: DeploymentUsage, now: number, request: InputTokens): boolean {
    const { rpm, tpm } = this.deployment;
    if (rpm !== undefined && usage.requests(this, now) + 1 > rpm) return false;
    if (tpm !== undefined) {
      const used = usage.tokens(this, now);
      if (used >= tpm || used + request.inputTokens() > tpm) return false;
    }
    return true;
  }
}
