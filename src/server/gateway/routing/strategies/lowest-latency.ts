import type { LatencyTracker } from "../latency-tracker";
import { anyOf, type PickStrategy } from "./types";

/**
 * LiteLLM's latency-based-routing (lowest_latency.py): the lowest average recent latency per
 * output token (time to first token for streams, once a deployment has streamed); deployments
 * without samples count 0, so each is tried. Those within `buffer` x the lowest share the load.
 */
export function lowestLatency(latency: LatencyTracker, buffer: number): PickStrategy {
  return (candidates, { now, random, streamed }) => {
    const scores = candidates.map((candidate) => latency.average(candidate.deployment.id, streamed, now));
    const lowest = Math.min(...scores);
    const limit = lowest + lowest * buffer;
    return anyOf(
      candidates.filter((_, index) => scores[index] <= limit),
      random,
    );
  };
}
