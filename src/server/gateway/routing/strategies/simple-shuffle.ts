import type { DeploymentHealth } from "../deployment-health";
import type { PickStrategy } from "./types";

/** LiteLLM's simple-shuffle: weighted by `weight`, else `rpm`, else `tpm`, else uniform. */
export const simpleShuffle: PickStrategy = (candidates, { random }) => {
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
