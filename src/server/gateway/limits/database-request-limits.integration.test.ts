import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../db/testing/postgres-database";
import { keyPrincipal } from "../testing/builders";
import { DatabaseRequestLimits } from "./database-request-limits";
import { admitted, admittedCount, refusal } from "./testing/admission";

let postgres: PostgresTestDatabase;
const databases: Database[] = [];

function open(): Database {
  const database = openDatabase(postgres.url);
  databases.push(database);
  return database;
}

let first: DatabaseRequestLimits;
let second: DatabaseRequestLimits;

beforeAll(async () => {
  postgres = await createPostgresDatabase("sy_limits");
  const database = open();
  await database.migrate(findMigrationsFolder(process.cwd()));
  first = new DatabaseRequestLimits(database);
  second = new DatabaseRequestLimits(open());
});

afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await postgres.drop();
});

function token(): string {
  return randomBytes(32).toString("hex");
}

describe("DatabaseRequestLimits", () => {
  it("admits exactly the rpm across two instances", async () => {
    const principal = keyPrincipal({ token: token(), rpmLimit: 30 });
    const count = await admittedCount(100, (index) => admitted(index % 2 ? first : second, principal, 1_000_000));
    expect(count).toBe(30);
  });

  // Found by the scale-out test under load: one transaction per request, each holding a pool
  // connection while it waited for the subject's lock, so a burst on one key took every
  // connection and the rest of the burst timed out waiting for one (503s instead of 429s).
  it("decides a burst on one key in a few transactions, team and key both counted, without holding the pool", async () => {
    const team = { teamId: `team-${token()}`, rpmLimit: 1_000 };
    const principal = keyPrincipal({ token: token(), rpmLimit: 120 }, team);
    const database = open();
    const limits = new DatabaseRequestLimits(database);
    const transaction = vi.spyOn(database, "transaction");
    const count = await admittedCount(600, () => admitted(limits, principal, 2_000_000));
    expect(count).toBe(120);
    expect(transaction.mock.calls.length).toBeLessThan(10);
    // The team counted the same 120: 880 more fit, not 1,000.
    const teamOnly = keyPrincipal({ token: token(), rpmLimit: null }, team);
    expect(await admittedCount(1_000, () => admitted(first, teamOnly, 2_000_500))).toBe(880);
  });

  it("slides in one-second steps and says when to retry", async () => {
    const principal = keyPrincipal({ token: token(), rpmLimit: 2 });
    await first.admit(principal, 10_000);
    await second.admit(principal, 10_500);
    const error = await refusal(first.admit(principal, 30_200));
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "40" } });
    expect(error.message).toContain("this key allows 2 requests per minute");
    expect(await admitted(first, principal, 69_999)).toBe(false);
    expect(await admitted(first, principal, 70_000)).toBe(true);
  });

  it("refuses once recorded tokens reach the tpm", async () => {
    const principal = keyPrincipal({ token: token(), tpmLimit: 1_000 });
    await first.admit(principal, 0);
    await first.recordTokens(principal, 999, 1_000);
    expect(await admitted(second, principal, 2_000)).toBe(true);
    await second.recordTokens(principal, 1, 2_000);
    const error = await refusal(first.admit(principal, 3_000));
    expect(error).toMatchObject({ status: 429, code: "tpm_limit_exceeded", headers: { "retry-after": "58" } });
    expect(await admitted(first, principal, 61_000)).toBe(true);
  });

  it("enforces key and team, and treats a zero limit as none left", async () => {
    const team = { teamId: `team-${token()}`, rpmLimit: 3 };
    const keyA = keyPrincipal({ token: token(), rpmLimit: 2 }, team);
    const keyB = keyPrincipal({ token: token() }, team);
    expect([await admitted(first, keyA, 0), await admitted(second, keyA, 0)]).toEqual([true, true]);
    expect((await refusal(first.admit(keyA, 0))).message).toContain("this key allows 2");
    expect(await admitted(second, keyB, 0)).toBe(true);
    expect((await refusal(first.admit(keyB, 0))).message).toContain("this team allows 3");
    expect(await admitted(first, keyPrincipal({ token: token(), rpmLimit: 0 }), 0)).toBe(false);
  });

  it("purges rows no window can reach", async () => {
    const database = databases[0];
    const principal = keyPrincipal({ token: token(), rpmLimit: 10 });
    await first.admit(principal, 5_000_000);
    await first.admit(principal, 5_100_000);
    await first.purge(5_200_000);
    const { rateLimitCounters } = database.tables;
    const seconds = (await database.db.select({ second: rateLimitCounters.second }).from(rateLimitCounters)).map((row) => row.second);
    expect(seconds).toContain(5_100);
    expect(seconds).not.toContain(5_000);
  });

  it("refuses SQLite", () => {
    expect(() => new DatabaseRequestLimits({ dialect: "sqlite" } as Database)).toThrow(/PostgreSQL/);
  });
});
