import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Deployment } from "../../config/types";
import { openDatabase, type Database } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { silentLogger } from "../../log";
import type { ActiveCostMap } from "../cost-maps/active-cost-map";
import type { CostMapDeps } from "../cost-maps/cost-map-deps";
import { CostMapStore } from "../cost-maps/cost-map-store";

// A migrated SQLite file in a temp folder, with as many connections to it as a test wants (one
// per simulated instance). For unit tests only.

export interface CostMapDatabase {
  path: string;
  /** A new connection to the same file, as a second gateway instance would open. */
  connect(): Promise<{ store: CostMapStore; database: Database }>;
  close(): Promise<void>;
}

export function costMapDatabase(): CostMapDatabase {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-cost-maps-"));
  const path = join(directory, "gateway.db");
  const connections: Database[] = [];
  return {
    path,
    async connect() {
      const database = openDatabase(`file:${path}`);
      await database.migrate(findMigrationsFolder(process.cwd()));
      connections.push(database);
      return { store: new CostMapStore(database), database };
    },
    async close() {
      for (const connection of connections.splice(0)) await connection.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A clock a test moves by hand. */
export function testClock(start = Date.UTC(2026, 1, 17, 12)) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

export function costMapDeps(store: CostMapStore, active: ActiveCostMap, overrides: Partial<CostMapDeps> = {}): CostMapDeps {
  const deployments: Deployment[] = [];
  return { store, active, deployments, configuredSource: undefined, fetchOptions: { attempts: 1, backoffMs: 1 }, log: silentLogger(), now: testClock().now, ...overrides };
}
