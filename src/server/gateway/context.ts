import type { Logger } from "pino";
import type { GatewayConfig } from "../config/types";
import type { Database } from "../db";
import type { ModelCatalog } from "./access/model-access";
import type { AffinitySettings } from "./affinity/affinity-recorder";
import type { AffinityStore } from "./affinity/affinity-store";
import type { CostMapDeps } from "./cost-maps/cost-map-deps";
import type { CredentialStore } from "./credentials/credential-store";
import type { LiveDeployments } from "./deployments/live-deployments";
import type { Fleet } from "./fleet/open-fleet";
import type { KeyStore } from "./keys/key-store";
import type { DeploymentStatusSnapshot } from "./health/deployment-status";
import type { HealthChecks } from "./health/health-checks";
import type { GatewayMetrics } from "./metrics/gateway-metrics";
import type { RequestLimits } from "./limits/request-limits";
import type { AccessTokens } from "./providers/access-tokens";
import type { UpstreamClient } from "./providers/upstream-client";
import type { RealtimeTokenKeys } from "./realtime/realtime-token";
import type { SidebandMeter } from "./realtime/sideband-meter";
import type { ModelRoutes } from "./routing/model-routes";
import type { Router } from "./routing/router";
import type { SpendWriter } from "./spend/spend-writer";
import type { Guardrails } from "./guardrails/guardrails";
import type { RequestObservers } from "./observability/request-observer";

/** Everything a handler may use, built once at start and passed in: no module state. */
export interface GatewayContext {
  config: GatewayConfig;
  database: Database;
  router: Router;
  routes: ModelRoutes;
  catalog: ModelCatalog;
  keys: KeyStore;
  /** Provider credentials stored at run time (sealed with SWITCHYARD_SALT_KEY), which deployments name. */
  credentials: CredentialStore;
  /** config.yaml's deployments and those stored at run time (`/model/new`), kept in step with the database. */
  deployments: LiveDeployments;
  limits: RequestLimits;
  /** What this instance shares with the others besides the database (Redis, or nothing). */
  fleet: Fleet;
  spend: SpendWriter;
  /** The active cost map (`costMaps.active.current()`) and what reloading it needs. */
  costMaps: CostMapDeps;
  upstream: UpstreamClient;
  /** Providers' OAuth access tokens (Vertex AI), shared by the requests that use one credential. */
  tokens: AccessTokens;
  /** Realtime: token sealing (absent without a secret) and the sideband meter of live calls. */
  realtime: { tokens?: RealtimeTokenKeys; meter: SidebandMeter };
  /** Browser origins allowed on the OpenAI routes: "*", a list, or none. */
  corsOrigins: "*" | ReadonlySet<string>;
  /** Responses API: which deployment's credentials made which response and item. */
  affinity: { store: AffinityStore; settings: AffinitySettings };
  /** `guardrails:` of the config, compiled. */
  guardrails: Guardrails;
  /** litellm_settings.callbacks: exporters told of each finished request (OTLP traces, webhooks). */
  observers: RequestObservers;
  /** The latest health check of each deployment on this instance (GET /health, background checks, Test). */
  health: HealthChecks;
  /** Each deployment's traffic, cooldown and latest check as the instance serving traffic sees them (the main thread's, asked from the dashboard's). */
  deploymentStatus: () => Promise<DeploymentStatusSnapshot>;
  /** Prometheus metrics (`GET /metrics`). */
  metrics: GatewayMetrics;
  log: Logger;
  now: () => number;
  maxBodyBytes: number;
}
