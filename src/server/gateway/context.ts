import type { Logger } from "pino";
import type { GatewayConfig } from "../config/types";
import type { OpenedDatabase } from "../db";
import type { ModelCatalog } from "./access/model-access";
import type { CostMap } from "./cost/cost-map";
import type { KeyStore } from "./keys/key-store";
import type { RequestLimits } from "./limits/request-limits";
import type { UpstreamClient } from "./providers/upstream-client";
import type { Router } from "./routing/router";
import type { SpendWriter } from "./spend/spend-writer";

/** Everything a handler may use, built once at start and passed in: no module state. */
export interface GatewayContext {
  config: GatewayConfig;
  database: OpenedDatabase;
  router: Router;
  catalog: ModelCatalog;
  keys: KeyStore;
  limits: RequestLimits;
  spend: SpendWriter;
  costMap: CostMap;
  upstream: UpstreamClient;
  log: Logger;
  now: () => number;
  maxBodyBytes: number;
}
