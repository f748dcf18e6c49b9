import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import type { AffinityRow } from "../../db/schema";
import { AffinityStore } from "../affinity/affinity-store";

// A migrated SQLite file in a temp folder with an AffinityStore on it, and a row builder.
// For unit tests only.

export interface AffinityDatabase {
  store: AffinityStore;
  database: Database;
  /** Raw SQL on the file, for assertions about what is stored. */
  query(sql: string): unknown[];
  close(): Promise<void>;
}

export async function affinityDatabase(): Promise<AffinityDatabase> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-affinity-"));
  const database = openDatabase(`file:${join(directory, "gateway.db")}`);
  await database.migrate(findMigrationsFolder(process.cwd()));
  return {
    store: new AffinityStore(database),
    database,
    query: (sql) => database.sqlite!.prepare(sql).all(),
    async close() {
      await database.close();
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
