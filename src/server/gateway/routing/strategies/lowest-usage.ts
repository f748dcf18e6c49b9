import type { DeploymentUsage } from "../usage/deployment-usage";
import { anyOf, lowestBy, type PickStrategy } from "./types";

/**
 * LiteLLM's usage-based-routing(-v2) (lowest_tpm_rpm_v2.py): the deployment that used the fewest
 * tokens this minute, ties at random. Deployments this request would take past their rpm/tpm
 * were already left out by the router, with the same counts (shared through Redis when set).
 */
export function lowestUsage(usage: DeploymentUsage): PickStrategy {
  return (candidates, { now, random }) =>
    anyOf(
      lowestBy(candidates, (candidate) => usage.tokens(candidate, now)),
      random,
    );
}
