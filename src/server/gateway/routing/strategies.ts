import type { RoutingStrategy } from "../../config/types";
import type { DeploymentHealth } from "./deployment-health";

export type PickStrategy = (candidates: readonly DeploymentHealth[], random: () => number) => DeploymentHealth;

/** LiteLLM's simple-shuffle: weighted by `weight`, else `rpm`, else `tpm`, else uniform. */
const simpleShuffle: PickStrategy = (candidates, random) => {
  const weightOf = pickWeightField(candidates);
  const weights = candidates.map((candidate) => (weightOf ? (weightOf(candidate) ?? 0) : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) return candidates[Math.floor(random() * candidates.length)];
  let point = random() * total;
  for (let index = 0; index < candidates.length; index++) {
    point -= weights[index];
    if (point < 0) return candidates[index];
  }
  return candidates[candidates.length - 1];
};

function pickWeightField(candidates: readonly DeploymentHealth[]) {
  for (const field of ["weight", "rpm", "tpm"] as const) {
    if (candidates.some((candidate) => candidate.deployment[field] !== undefined)) {
      return (candidate: DeploymentHealth) => candidate.deployment[field];
    }
  }
  return undefined;
}

/** Fewest requests in flight; ties broken at random so equal deployments share the load. */
const leastBusy: PickStrategy = (candidates, random) => {
  let best: DeploymentHealth[] = [];
  for (const candidate of candidates) {
    if (best.length === 0 || candidate.inFlight < best[0].inFlight) best = [candidate];
    else if (candidate.inFlight === best[0].inFlight) best.push(candidate);
  }
  return best[Math.floor(random() * best.length)];
};

export const strategies: Record<RoutingStrategy, PickStrategy> = {
  "simple-shuffle": simpleShuffle,
  "least-busy": leastBusy,
};
