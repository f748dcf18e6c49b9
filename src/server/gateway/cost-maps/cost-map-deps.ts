import type { Logger } from "pino";
import type { Deployment } from "../../config/types";
import type { OutboundAllowList } from "../../security/outbound-address";
import type { ActiveCostMap } from "./active-cost-map";
import type { CostMapStore } from "./cost-map-store";
import type { FetchOptions } from "./fetch-cost-map-source";

/** What the cost-map operations need; the gateway context provides it, tests build their own. */
export interface CostMapDeps {
  store: CostMapStore;
  active: ActiveCostMap;
  deployments: readonly Deployment[];
  /** SWITCHYARD_COST_MAP_URL: an http(s) URL or a file path; undefined means reloads come from LiteLLM's published map. */
  configuredSource: string | undefined;
  fetchOptions?: FetchOptions;
  /** SWITCHYARD_COST_MAP_ALLOWED_HOSTS: internal hosts an admin's preview URL may reach; none when unset. */
  allowedHosts?: OutboundAllowList;
  log: Logger;
  now: () => number;
  /** Tells the other instances that this one activated a version (Redis); they poll the database otherwise. */
  announce?: (versionId: number) => void;
}
