import type { DeploymentHealth } from "../deployment-health";

/** What one pick knows about the request and the moment. */
export interface PickRequest {
  now: number;
  random: () => number;
  streamed: boolean;
}

/** Chooses among deployments that are healthy and have rpm/tpm room for this request (never an empty list). */
export type PickStrategy = (candidates: readonly DeploymentHealth[], request: PickRequest) => DeploymentHealth;

/** One of `candidates` at random: LiteLLM breaks ties so equal deployments share the load. */
export function anyOf(candidates: readonly DeploymentHealth[], random: () => number): DeploymentHealth {
  return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))];
}

/** The candidates with the lowest `score`, in one pass. */
export function lowestBy(candidates: readonly DeploymentHealth[], score: (candidate: DeploymentHealth) => number): DeploymentHealth[] {
  let best: DeploymentHealth[] = [];
  let lowest = Infinity;
  for (const candidate of candidates) {
    const value = score(candidate);
    if (value < lowest) {
      lowest = value;
      best = [candidate];
    } else if (value === lowest) best.push(candidate);
  }
  return best.length > 0 ? best : [...candidates];
}
