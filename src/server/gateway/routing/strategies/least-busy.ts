import { anyOf, lowestBy, type PickStrategy } from "./types";

/** LiteLLM's least-busy: fewest requests in flight; ties broken at random so equal deployments share the load. */
export const leastBusy: PickStrategy = (candidates, { random }) =>
  anyOf(
    lowestBy(candidates, (candidate) => candidate.inFlight),
    random,
  );
