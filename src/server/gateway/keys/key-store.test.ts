import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { KeyStore } from "./key-store";
import { newKeyRow } from "./new-key-row";

// A cached key past its TTL: read again before use where the TTL is the only way a change is
// seen (PostgreSQL without Redis), served while read again in the background where changes
// arrive as notifications (Redis, one process), so no request waits on the database for it.

const token = "a".repeat(64);
let directory: string;
let database: Database;
let clock: number;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "switchyard-key-store-"));
  database = openDatabase(`file:${join(directory, "gateway.db")}`);
  await database.migrate(findMigrationsFolder(process.cwd()));
  await database.db.insert(database.tables.virtualKeys).values(newKeyRow(token, "sk-...test", new Date(0)));
  clock = 1_000_000;
});
afterEach(async () => {
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Blocks the key behind the store's back, as another instance would. */
const blockElsewhere = () => database.db.update(database.tables.virtualKeys).set({ blocked: true }).where(eq(database.tables.virtualKeys.token, token));

describe("KeyStore past the TTL", () => {
  it("reads the key again before answering when it relies on the TTL", async () => {
    const keys = new KeyStore(database, { now: () => clock, ttlMs: 1_000 });
    expect((await keys.findKey(token))?.blocked).toBe(false);
    await blockElsewhere();
    clock += 999;
    expect((await keys.findKey(token))?.blocked).toBe(false);
    clock += 1;
    expect((await keys.findKey(token))?.blocked).toBe(true);
  });

  it("with notifications, answers from memory and reads the key again in the background", async () => {
    const keys = new KeyStore(database, { now: () => clock, ttlMs: 1_000, refreshInBackground: true });
    expect((await keys.findKey(token))?.blocked).toBe(false);
    await blockElsewhere();
    clock += 1_000;
    expect((await keys.findKey(token))?.blocked).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await keys.findKey(token))?.blocked).toBe(true);
  });

  it("with notifications, reads a key it was told changed before answering", async () => {
    const keys = new KeyStore(database, { now: () => clock, ttlMs: 1_000, refreshInBackground: true });
    await keys.findKey(token);
    await blockElsewhere();
    keys.forgetKey(token);
    expect((await keys.findKey(token))?.blocked).toBe(true);
  });
});
