import type { Logger } from "pino";
import type { GatewayConfig } from "../config/types";
import { openDatabase } from "../db";
import { migrateDatabase } from "../db/migrate";
import type { GatewayContext } from "./context";
import { CostMap } from "./cost/cost-map";
import { handleRequest } from "./handle-request";
import type { GatewayRequest, GatewayResponse } from "./http";
import { KeyStore } from "./keys/key-store";
import { RequestLimits } from "./limits/request-limits";
import { buildModelCatalog } from "./model-catalog";
import { PooledUpstreamClient, type UpstreamClient } from "./providers/upstream-client";
import { Router } from "./routing/router";
import { SpendWriter } from "./spend/spend-writer";

export interface GatewayOptions {
  config: GatewayConfig;
  databaseUrl: string;
  migrationsFolder: string;
  log: Logger;
  maxBodyBytes: number;
  upstream?: UpstreamClient;
  now?: () => number;
}

export interface Gateway {
  readonly ctx: GatewayContext;
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** Writes every buffered spend row and closes connections. */
  close(): Promise<void>;
}

/** Builds the gateway once at start: database migrated, config compiled, writers started. */
export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? Date.now;
  const database = openDatabase(options.databaseUrl);
  migrateDatabase(database.db, options.migrationsFolder);
  const keys = new KeyStore(database.db, now);
  const spend = new SpendWriter(database.db, keys, options.log);
  spend.start();
  const ctx: GatewayContext = {
    config: options.config,
    database,
    router: new Router(options.config.deployments, options.config.router, { now, random: Math.random }),
    catalog: buildModelCatalog(options.config.deployments),
    keys,
    limits: new RequestLimits(),
    spend,
    costMap: CostMap.builtin(),
    upstream: options.upstream ?? new PooledUpstreamClient(),
    log: options.log,
    now,
    maxBodyBytes: options.config.maxBodyBytes ?? options.maxBodyBytes,
  };
  return {
    ctx,
    handle: (request) => handleRequest(ctx, request),
    async close() {
      spend.close();
      await ctx.upstream.close();
      database.close();
    },
  };
}
