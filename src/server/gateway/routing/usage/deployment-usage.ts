import type { DeploymentHealth } from "../deployment-health";

/**
 * Requests and tokens a deployment served in the current minute: what usage-based routing
 * compares and the rpm/tpm headroom check reads. In memory on one instance; shared through Redis
 * by a fleet (redis-deployment-usage.ts).
 */
export interface DeploymentUsage {
  requests(health: DeploymentHealth, now: number): number;
  tokens(health: DeploymentHealth, now: number): number;
  addRequest(health: DeploymentHealth, now: number): void;
  addTokens(health: DeploymentHealth, now: number, tokens: number): void;
  close(): Promise<void>;
  /** The deployment set changed: which ids to count from now on (shared counts only). */
  track?(deploymentIds: readonly string[]): void;
}

/** This instance's own counts: the last minute, rolling (DeploymentHealth's windows). */
export const localUsage: DeploymentUsage = {
  requests: (health, now) => health.requests.total(now),
  tokens: (health, now) => health.tokens.total(now),
  addRequest: (health, now) => health.requests.add(now),
  addTokens: (health, now, tokens) => health.tokens.add(now, tokens),
  close: async () => undefined,
};
