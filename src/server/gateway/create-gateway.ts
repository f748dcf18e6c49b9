import type { Logger } from "pino";
import type { GatewayConfig } from "../config/types";
import { checkpointPeriodically, openDatabase, type Database } from "../db";
import { OutboundAllowList } from "../security/outbound-address";
import { AffinityStore } from "./affinity/affinity-store";
import type { GatewayContext } from "./context";
import { corsOriginsOf } from "./cors";
import { RealtimeTokenKeys } from "./realtime/realtime-token";
import { SidebandMeter } from "./realtime/sideband-meter";
import { CostMapStore } from "./cost-maps/cost-map-store";
import { CredentialCipher } from "./credentials/credential-cipher";
import { CredentialStore } from "./credentials/credential-store";
import { DeploymentStore } from "./deployments/deployment-store";
import { installDeployments } from "./deployments/install-deployments";
import { LiveDeployments } from "./deployments/live-deployments";
import type { FetchOptions } from "./cost-maps/fetch-cost-map-source";
import { openCostMaps } from "./cost-maps/open-cost-maps";
import { runDueCostMapReload } from "./cost-maps/reload-schedule";
import { handleRequest } from "./handle-request";
import type { GatewayRequest, GatewayResponse } from "./http";
import { KeyStore } from "./keys/key-store";
import { deploymentStatusOf, type DeploymentStatusSnapshot } from "./health/deployment-status";
import { HealthChecks } from "./health/health-checks";
import { GatewayMetrics } from "./metrics/gateway-metrics";
import type { Change } from "../redis/change-bus";
import { applyChange } from "./fleet/apply-change";
import { openFleet } from "./fleet/open-fleet";
import { buildModelCatalog } from "./model-catalog";
import { AccessTokens } from "./providers/access-tokens";
import { PooledUpstreamClient, type UpstreamClient } from "./providers/upstream-client";
import { ModelRoutes } from "./routing/model-routes";
import { estimateInputTokens } from "./messages/estimate-input-tokens";
import { Router } from "./routing/router";
import { priceFromCostMap } from "./routing/strategies";
import { localUsage, type DeploymentUsage } from "./routing/usage/deployment-usage";
import { RedisDeploymentUsage } from "./routing/usage/redis-deployment-usage";
import { Guardrails } from "./guardrails/guardrails";
import { openObservers } from "./observability/open-observers";
import { SpendWriter } from "./spend/spend-writer";

export interface GatewayOptions {
  config: GatewayConfig;
  databaseUrl: string;
  migrationsFolder: string;
  /** REDIS_URL: shared rate limits and change notifications between instances. */
  redisUrl?: string;
  redisPrefix?: string;
  log: Logger;
  maxBodyBytes: number;
  /** AZURE_API_VERSION: the api_version of Azure deployments that set none (stored ones too). */
  azureApiVersionFromEnv?: string;
  /** SWITCHYARD_COST_MAP_URL: where the first cost map and LiteLLM-style reloads come from (else the built-in map, and LiteLLM's published one). */
  costMapSource?: string;
  /** The built-in map's file (cost-maps/builtin-cost-map.ts), the first version of a fresh database. */
  builtinCostMapFile: string;
  costMapFetch?: FetchOptions;
  /** SWITCHYARD_COST_MAP_ALLOWED_HOSTS: internal hosts a previewed URL may reach. */
  costMapAllowedHosts?: OutboundAllowList;
  /** SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: internal hosts a stored credential's api_base may name and reach. */
  credentialAllowedHosts?: OutboundAllowList;
  /** Seals realtime tokens; the first seals, the rest still open (rotation). Defaults to one derived from the master key. */
  saltKeys?: readonly string[];
  /** More allowed browser origins (SWITCHYARD_CORS_ORIGINS), added to the config's. */
  corsOrigins?: readonly string[];
  upstream?: UpstreamClient;
  now?: () => number;
  /**
   * Instance-wide upkeep (scheduled cost-map reloads, affinity purges, WAL checkpoints). Off in
   * the dashboard's thread: the main thread of the same process does it.
   */
  upkeep?: boolean;
  /** A change channel shared with the other thread of this process (see fleet/thread-change-bus.ts). */
  threadChannel?: string;
  /** How long a change made here waits for every live instance to confirm it (default 2 s). */
  changeConfirmTimeoutMs?: number;
  /** Lands the spend rows the main thread holds; given in the dashboard's thread, so pages show the latest spend. */
  flushMainThreadSpend?: () => Promise<void>;
  /** Given in the dashboard's thread: the main thread's view of each deployment, for the Models page. */
  mainThreadDeploymentStatus?: () => Promise<DeploymentStatusSnapshot>;
}

/** Realtime tokens need a server secret: the salt keys, else one derived from the master key. */
function realtimeTokenKeys(options: GatewayOptions): RealtimeTokenKeys | undefined {
  const secrets = options.saltKeys?.length ? options.saltKeys : options.config.masterKey ? [`master-key:${options.config.masterKey}`] : [];
  return secrets.length > 0 ? new RealtimeTokenKeys(secrets) : undefined;
}

/**
 * Stored credentials are sealed with the salt keys only, never a key derived from the master key
 * as realtime tokens may be: a master key is rotated like a password, and every stored credential
 * would become unreadable with it. Without salt keys, storing is refused with a reason.
 */
function credentialCipher(options: GatewayOptions): CredentialCipher | undefined {
  return options.saltKeys?.length ? new CredentialCipher(options.saltKeys) : undefined;
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
  await database.migrate(options.migrationsFolder);
  const upkeep = options.upkeep ?? true;
  const stopCheckpoints = upkeep && database.sqlite ? checkpointPeriodically(database.sqlite) : () => undefined;
  const fleet = openFleet({
    database,
    redisUrl: options.redisUrl,
    redisPrefix: options.redisPrefix,
    threadChannel: options.threadChannel,
    role: options.flushMainThreadSpend ? "dashboard" : "main",
    confirmTimeoutMs: options.changeConfirmTimeoutMs,
    log: options.log,
  });
  const publish = (change: Change) => fleet.announce(change);
  const costMapStore = new CostMapStore(database);
  const activeCostMap = await openCostMaps(costMapStore, options.log, {
    configuredSource: options.costMapSource,
    builtinFile: options.builtinCostMapFile,
    now,
    fetchOptions: options.costMapFetch,
  });
  activeCostMap.watch();
  // Only PostgreSQL without Redis relies on the TTL to see changes; the others hear of them.
  const keys = new KeyStore(database, { now, ttlMs: fleet.keyCacheTtlMs, refreshInBackground: fleet.kind !== "database", onChange: publish });
  const credentialAllowedHosts = options.credentialAllowedHosts ?? new OutboundAllowList();
  const cipher = credentialCipher(options);
  const credentials = new CredentialStore(database, {
    cipher,
    endpoints: { allowedHosts: credentialAllowedHosts },
    configCredentials: options.config.credentials,
    now,
    ttlMs: fleet.keyCacheTtlMs,
    onChange: publish,
  });
  const spend = new SpendWriter(database, keys, options.log, {
    flushIntervalMs: options.config.spendWriteIntervalMs ?? defaultSpendWriteIntervalMs(database.dialect),
    onPersisted: (totals) => {
      if (totals.keys.length + totals.teams.length > 0) publish({ kind: "spend", ...totals });
    },
    flushElsewhere: options.flushMainThreadSpend,
  });
  // Rows an earlier process wrote but did not settle count before the first budget check.
  await spend.settle();
  spend.start();
  const { deployments } = options.config;
  // A fleet shares each deployment's requests and tokens per minute (rpm/tpm headroom, usage-based routing) through Redis.
  const usage: DeploymentUsage = fleet.redis
    ? new RedisDeploymentUsage(fleet.redis.client, [...new Set(deployments.map((deployment) => deployment.id))], { prefix: fleet.redis.prefix, log: options.log }, now)
    : localUsage;
  const router = new Router(deployments, options.config.router, { now, random: Math.random }, (cooldown) => publish({ kind: "cooldown", ...cooldown }), {
    usage,
    priceOf: priceFromCostMap(() => activeCostMap.current().map),
  });
  // Pre-call checks may tokenize a long request: load the tokenizer now rather than on that request.
  if (options.config.router.preCallChecks) void estimateInputTokens({ messages: [] }, "gpt-4o").catch(() => undefined);
  const catalog = buildModelCatalog(deployments, activeCostMap, options.config.modelGroupAliases);
  const ctx: GatewayContext = {
    config: options.config,
    database,
    router,
    routes: new ModelRoutes(router.modelGroups(), catalog),
    catalog,
    keys,
    credentials,
    deployments: new LiveDeployments({
      store: new DeploymentStore(database, cipher, now),
      configDeployments: deployments,
      sources: { configCredentials: options.config.credentials, azureApiVersionFromEnv: options.azureApiVersionFromEnv },
      install: (next) => installDeployments(ctx, next),
      log: options.log,
    }),
    limits: fleet.limits,
    fleet,
    spend,
    costMaps: {
      store: costMapStore,
      active: activeCostMap,
      deployments,
      configuredSource: options.costMapSource,
      fetchOptions: options.costMapFetch,
      allowedHosts: options.costMapAllowedHosts,
      log: options.log,
      now,
      announce: (versionId) => publish({ kind: "cost-map", versionId }),
    },
    upstream: options.upstream ?? new PooledUpstreamClient(undefined, credentialAllowedHosts),
    tokens: new AccessTokens(now),
    realtime: { tokens: realtimeTokenKeys(options), meter: new SidebandMeter(() => ctx) },
    corsOrigins: corsOriginsOf([...options.config.allowedOrigins, ...(options.corsOrigins ?? [])]),
    affinity: {
      store: new AffinityStore(database, { log: options.log, batchWrites: fleet.kind === "single" }),
      settings: {
        enabled: options.config.responsesAffinity.enabled,
        ttlMs: options.config.responsesAffinity.ttlDays * 86_400_000,
        dropUnreadableReasoning: options.config.responsesAffinity.dropUnreadableReasoning,
      },
    },
    guardrails: new Guardrails(options.config.guardrails),
    health: new HealthChecks(() => ctx),
    deploymentStatus: options.mainThreadDeploymentStatus ?? (async () => deploymentStatusOf(ctx)),
    metrics: new GatewayMetrics(),
    observers: openObservers(options.config.observability, options.log),
    log: options.log,
    now,
    maxBodyBytes: options.config.maxBodyBytes ?? options.maxBodyBytes,
  };
  const unsubscribe = fleet.bus.subscribe((change) => applyChange(ctx, change));
  // Stored deployments are served from the first request on, and every instance polls for changes
  // it was not told of. As in LiteLLM, without store_model_in_db the table is not read at all.
  if (options.config.storeModelInDb) {
    await ctx.deployments.sync();
    ctx.deployments.watch();
  }
  const upkeepTimers: NodeJS.Timeout[] = [];
  // The main thread checks; the dashboard's thread reads its results (see deployment-status.ts).
  if (upkeep && options.config.healthChecks.background) ctx.health.startBackground(options.config.healthChecks.intervalSeconds);
  if (upkeep) {
    const checkReload = () => void runDueCostMapReload(ctx.costMaps).catch((error) => options.log.error({ err: error }, "scheduled cost-map reload check failed"));
    const purgeAffinity = () => void ctx.affinity.store.purgeExpired(now()).catch((error) => options.log.error({ err: error }, "could not purge expired affinity records"));
    purgeAffinity();
    upkeepTimers.push(setInterval(checkReload, 30_000), setInterval(purgeAffinity, 3_600_000));
    for (const timer of upkeepTimers) timer.unref();
  }
  // Affinity records held (batched on one instance, or while the database was away) are written every 200 ms.
  const heldTimer = setInterval(() => void ctx.affinity.store.retryHeld(), 200);
  heldTimer.unref();
  return {
    ctx,
    handle: (request) => handleRequest(ctx, request),
    async close() {
      for (const timer of upkeepTimers) clearInterval(timer);
      clearInterval(heldTimer);
      unsubscribe();
      ctx.health.close();
      stopCheckpoints();
      activeCostMap.close();
      ctx.deployments.close();
      ctx.realtime.meter.close();
      await spend.close();
      // After the spend writer: requests cut at shutdown have told the callbacks by now.
      await ctx.observers.close();
      await ctx.affinity.store.retryHeld();
      await ctx.upstream.close();
      await router.close();
      await fleet.close();
      await database.close();
    },
  };
}

/**
 * How often buffered spend rows are written. On SQLite one process serves everything and holds
 * the totals in memory, so the write is for durability only; the keys' totals follow from the
 * rows every 10 s (SpendWriter). On PostgreSQL other instances learn spend from these writes,
 * totals included, so they go out sooner. LiteLLM's default is 10 s.
 */
export function defaultSpendWriteIntervalMs(dialect: Database["dialect"]): number {
  return dialect === "sqlite" ? 1_000 : 200;
}
