import type { RouterSettings } from "../../../config/types";
import type { LatencyTracker } from "../latency-tracker";
import type { DeploymentUsage } from "../usage/deployment-usage";
import { leastBusy } from "./least-busy";
import { lowestCost, type PriceOf } from "./lowest-cost";
import { lowestLatency } from "./lowest-latency";
import { lowestUsage } from "./lowest-usage";
import { simpleShuffle } from "./simple-shuffle";
import type { PickStrategy } from "./types";

export type { PickRequest, PickStrategy } from "./types";
export { priceFromCostMap, type PriceOf } from "./lowest-cost";

/** What the strategies that look beyond the candidates themselves read. */
export interface StrategySignals {
  usage: DeploymentUsage;
  latency: LatencyTracker;
  priceOf: PriceOf;
}

export function createStrategy(settings: RouterSettings, signals: StrategySignals): PickStrategy {
  switch (settings.routingStrategy) {
    case "simple-shuffle":
      return simpleShuffle;
    case "least-busy":
      return leastBusy;
    case "usage-based-routing-v2":
      return lowestUsage(signals.usage);
    case "latency-based-routing":
      return lowestLatency(signals.latency, settings.latency?.buffer ?? 0);
    case "cost-based-routing":
      return lowestCost(signals.priceOf);
  }
}
