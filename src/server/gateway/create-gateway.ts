import type { Logger } from "pino";
import type { GatewayConfig } from "../config/types";
import { checkpointPeriodically, openDatabase } from "../db";
import { migrateDatabase } from "../db/migrate";
import { AffinityStore } from "./affinity/affinity-store";
import type { GatewayContext } from "./context";
import { corsOriginsOf } from "./cors";
import { RealtimeTokenKeys } from "./realtime/realtime-token";
import { SidebandMeter } from "./realtime/sideband-meter";
import { CostMapStore } from "./cost-maps/cost-map-store";
import type { FetchOptions } from "./cost-maps/fetch-cost-map-source";
import { openCostMaps } from "./cost-maps/open-cost-maps";
import { runDueCostMapReload } from "./cost-maps/reload-schedule";
import { handleRequest } from "./handle-request";
import type { GatewayRequest, GatewayResponse } from "./http";
import { KeyStore } from "./keys/key-store";
import { RequestLimits } from "./limits/request-limits";
import { buildModelCatalog } from "./model-catalog";
import { PooledUpstreamClient, type UpstreamClient } from "./providers/upstream-client";
import { ModelRoutes } from "./routing/model-routes";
import { Router } from "./routing/router";
import { SpendWriter } from "./spend/spend-writer";

export interface GatewayOptions {
  config: GatewayConfig;
  databaseUrl: string;
  migrationsFolder: string;
  log: Logger;
  maxBodyBytes: number;
  /** SWITCHYARD_COST_MAP_URL: where the first cost map and LiteLLM-style reloads come from. */
  costMapSource?: string;
  costMapFetch?: FetchOptions;
  /** Seals realtime tokens; the first seals, the rest still open (rotation). Defaults to one derived from the master key. */
  saltKeys?: readonly string[];
  /** More allowed browser origins (SWITCHYARD_CORS_ORIGINS), added to the config's. */
  corsOrigins?: readonly string[];
  upstream?: UpstreamClient;
  now?: () => number;
}

/** Realtime tokens need a server secret: the salt keys, else one derived from the master key. */
function realtimeTokenKeys(options: GatewayOptions): RealtimeTokenKeys | undefined {
  const secrets = options.saltKeys?.length ? options.saltKeys : options.config.masterKey ? [`master-key:${options.config.masterKey}`] : [];
  return secrets.length > 0 ? new RealtimeTokenKeys(secrets) : undefined;
}

export interface Gateway {
  readonly ctx: GatewayContext;
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** Writes every buffered spend row and closes connections. */
  close(): Promise<void>;
}

/** Builds the gateway once at start: database migrated, config compiled, writers started. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const database = openDatabase(options.databaseUrl);
  migrateDatabase(database.db, options.migrationsFolder);
  const stopCheckpoints = checkpointPeriodically(database.sqlite);
  const costMapStore = new CostMapStore(database.db);
  const activeCostMap = await openCostMaps(costMapStore, options.log, { configuredSource: options.costMapSource, now, fetchOptions: options.costMapFetch });
  activeCostMap.watch();
  const keys = new KeyStore(database.db, now);
  const spend = new SpendWriter(database.db, keys, options.log);
  spend.start();
  const { deployments } = options.config;
  const router = new Router(deployments, options.config.router, { now, random: Math.random });
  const catalog = buildModelCatalog(deployments, activeCostMap);
  const ctx: GatewayContext = {
    config: options.config,
    database,
    router,
    routes: new ModelRoutes(router.modelGroups(), catalog),
    catalog,
    keys,
    limits: new RequestLimits(),
    spend,
    costMaps: {
      store: costMapStore,
      active: activeCostMap,
      deployments,
      configuredSource: options.costMapSource,
      fetchOptions: options.costMapFetch,
      log: options.log,
      now,
    },
    upstream: options.upstream ?? new PooledUpstreamClient(),
    realtime: { tokens: realtimeTokenKeys(options), meter: new SidebandMeter(() => ctx) },
    corsOrigins: corsOriginsOf([...options.config.allowedOrigins, ...(options.corsOrigins ?? [])]),
    affinity: {
      store: new AffinityStore(database.sqlite),
      settings: {
        enabled: options.config.responsesAffinity.enabled,
        ttlMs: options.config.responsesAffinity.ttlDays * 86_400_000,
        dropUnreadableReasoning: options.config.responsesAffinity.dropUnreadableReasoning,
      },
    },
    log: options.log,
    now,
    maxBodyBytes: options.config.maxBodyBytes ?? options.maxBodyBytes,
  };
  const reloadTimer = setInterval(() => void runDueCostMapReload(ctx.costMaps), 30_000);
  reloadTimer.unref();
  const purgeAffinity = () => {
    try {
      ctx.affinity.store.purgeExpired(now());
    } catch (error) {
      options.log.error({ err: error }, "could not purge expired affinity records");
    }
  };
  purgeAffinity();
  const purgeTimer = setInterval(purgeAffinity, 3_600_000);
  purgeTimer.unref();
  return {
    ctx,
    handle: (request) => handleRequest(ctx, request),
    async close() {
      clearInterval(reloadTimer);
      clearInterval(purgeTimer);
      stopCheckpoints();
      activeCostMap.close();
      ctx.realtime.meter.close();
      spend.close();
      await ctx.upstream.close();
      database.close();
    },
  };
}
