import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type OpenedDatabase } from "../../db";
import { findMigrationsFolder, migrateDatabase } from "../../db/migrate";
import type { AffinityRow } from "../../db/schema";
import { AffinityStore } from "../affinity/affinity-store";

// A migrated SQLite file in a temp folder with an AffinityStore on it, and a row builder.
// For unit tests only.

export interface AffinityDatabase {
  store: AffinityStore;
  database: OpenedDatabase;
  close(): void;
}

export function affinityDatabase(): AffinityDatabase {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-affinity-"));
  const database = openDatabase(`file:${join(directory, "gateway.db")}`);
  migrateDatabase(database.db, findMigrationsFolder(process.cwd()));
  return {
    store: new AffinityStore(database.sqlite),
    database,
    close() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const affinityEpoch = Date.UTC(2026, 1, 17, 12);

/** A row made at `affinityEpoch` by a team-less key, valid for a day. */
export function affinityRow(ref: string, overrides: Partial<AffinityRow> = {}): AffinityRow {
  return {
    ref,
    kind: ref.startsWith("resp_") ? "response" : ref.startsWith("enc:") ? "encrypted_content" : "item",
    deploymentId: "dep-a",
    credentialHash: "hash-one",
    modelGroup: "gpt-4o",
    keyToken: "a".repeat(64),
    teamId: null,
    createdAt: new Date(affinityEpoch),
    expiresAt: new Date(affinityEpoch + 86_400_000),
    ...overrides,
  };
}
