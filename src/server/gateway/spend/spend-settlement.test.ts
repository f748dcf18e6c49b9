import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { silentLogger } from "../../log";
import { KeyStore } from "../keys/key-store";
import { masterKey, startHarness, type Harness } from "../testing/gateway-harness";
import { SpendWriter } from "./spend-writer";

// On SQLite the keys' running totals are settled from the spend rows every few seconds, not
// with every batch of rows. These tests hold that to its promises: budgets still see every
// request at once, totals never miss or repeat a row, and a restart settles what a crash left.

const rowsEvery50ms = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream }
general_settings:
  master_key: ${masterKey}
  proxy_batch_write_at: 0.05
`;

const chat = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };

/** The gateway's SQLite file, read over a connection of its own, as another reader would. */
function readFile<T>(file: string, query: string): T {
  const connection = new Database(file, { readonly: true });
  try {
    return connection.prepare(query).get() as T;
  } finally {
    connection.close();
  }
}

describe("spend settlement (SQLite)", () => {
  let directory: string;
  let file: string;
  let harness: Harness | undefined;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "switchyard-settle-"));
    file = join(directory, "gateway.db");
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  const generateKey = async (fields: object) => {
    const response = await harness!.call("POST", "/key/generate", { key: masterKey, body: fields });
    expect(response.status).toBe(200);
    return ((await response.json()) as { key: string }).key;
  };
  const keySpendInFile = () => readFile<{ spend: number }>(file, "select spend from virtual_keys").spend;
  const rowSpendInFile = () => readFile<{ spend: number; rows: number }>(file, "select total(spend) as spend, count(*) as rows from spend_logs where api_key is not null");

  it("writes rows at once but the key's total later, while budget checks and /key/info count the unsettled spend", async () => {
    harness = await startHarness(4_096, { config: rowsEvery50ms, databaseUrl: `file:${file}` });
    const key = await generateKey({ max_budget: 1e-9 });
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: chat })).status).toBe(200);
    await expect.poll(() => rowSpendInFile().rows, { timeout: 2_000, interval: 20 }).toBe(1);
    const { spend } = rowSpendInFile();
    expect(spend).toBeGreaterThan(0);
    // The row is in the file; the key's total is not, yet.
    expect(keySpendInFile()).toBe(0);

    const refused = await harness.call("POST", "/v1/chat/completions", { key, body: chat });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("budget_exceeded");
    const info = (await (await harness.call("GET", "/key/info", { key })).json()) as { info: { spend: number } };
    expect(info.info.spend).toBeCloseTo(spend, 12);

    await harness.gateway.ctx.spend.flush();
    expect(keySpendInFile()).toBeCloseTo(spend, 12);
    // Settled: the spend now lives in the total alone, counted once.
    const settled = (await (await harness.call("GET", "/key/info", { key })).json()) as { info: { spend: number } };
    expect(settled.info.spend).toBeCloseTo(spend, 12);
  });

  it("settles, at start, rows that a process wrote but did not settle before it died", async () => {
    harness = await startHarness(4_096, { config: rowsEvery50ms, databaseUrl: `file:${file}` });
    const key = await generateKey({ max_budget: 0.5 });
    await harness.close();
    harness = undefined;
    // What a crash leaves: rows past the settlement mark, and the key's total without them.
    const connection = new Database(file);
    const token = (connection.prepare("select token from virtual_keys").get() as { token: string }).token;
    const insert = connection.prepare(
      "insert into spend_logs (request_id, api_key, call_type, model, spend, start_time, end_time, status) values (?, ?, 'acompletion', 'gpt-4o', 0.3, ?, ?, 'success')",
    );
    for (const id of ["crash-1", "crash-2"]) insert.run(id, token, Date.now(), Date.now() + 1);
    connection.close();
    expect(keySpendInFile()).toBe(0);

    harness = await startHarness(4_096, { config: rowsEvery50ms, databaseUrl: `file:${file}` });
    expect(keySpendInFile()).toBeCloseTo(0.6, 12);
    const refused = await harness.call("POST", "/v1/chat/completions", { key, body: chat });
    expect(refused.status).toBe(429);
    // Settled once: another start adds nothing.
    await harness.close();
    harness = await startHarness(4_096, { config: rowsEvery50ms, databaseUrl: `file:${file}` });
    expect(keySpendInFile()).toBeCloseTo(0.6, 12);
  });

  it("settles on its own once the interval comes round, rows from every writer of the file included", async () => {
    const database = openDatabase(`file:${file}`);
    await database.migrate(findMigrationsFolder(process.cwd()));
    const keys = new KeyStore(database);
    const now = new Date();
    await database.db.insert(database.tables.virtualKeys).values({ token: "t1", keyName: "sk-...t1", createdAt: now, updatedAt: now });
    const writer = new SpendWriter(database, keys, silentLogger(), { flushIntervalMs: 20, settleIntervalMs: 200 });
    writer.start();
    try {
      const row = (requestId: string, spend: number) => ({
        requestId,
        apiKey: "t1",
        callType: "acompletion",
        model: "gpt-4o",
        spend,
        startTime: now,
        endTime: now,
        status: "success" as const,
      });
      writer.record(row("mine", 0.25));
      // A row another writer (the dashboard's thread, another process) put in the file.
      database
        .sqlite!.prepare(
          "insert into spend_logs (request_id, api_key, call_type, model, spend, start_time, end_time, status) values ('theirs', 't1', 'acompletion', 'gpt-4o', 0.5, 0, 0, 'success')",
        )
        .run();
      expect(writer.pendingKeySpend("t1")).toBe(0.25);
      await expect.poll(() => keySpendInFile(), { timeout: 3_000, interval: 20 }).toBeCloseTo(0.75, 12);
      // Once settled, this writer no longer counts its row on top of the total.
      expect(writer.pendingKeySpend("t1")).toBe(0);
    } finally {
      await writer.close();
      await database.close();
    }
  });

  it("counts rows from before the upgrade once: the migration sets the mark past them", async () => {
    const migrations = findMigrationsFolder(process.cwd());
    const before = join(directory, "migrations-before");
    cpSync(migrations, before, { recursive: true });
    const journalFile = join(before, "sqlite", "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag !== "0007_spend_settlement");
    writeFileSync(journalFile, JSON.stringify(journal));

    const old = openDatabase(`file:${file}`);
    await old.migrate(before);
    // An older Switchyard wrote rows and totals together.
    const now = new Date();
    await old.db.insert(old.tables.virtualKeys).values({ token: "t1", keyName: "sk-...t1", spend: 0.4, createdAt: now, updatedAt: now });
    await old.db
      .insert(old.tables.spendLogs)
      .values({ requestId: "old", apiKey: "t1", callType: "acompletion", model: "gpt-4o", spend: 0.4, startTime: now, endTime: now, status: "success" });
    await old.close();

    harness = await startHarness(4_096, { config: rowsEvery50ms, databaseUrl: `file:${file}` });
    await harness.gateway.ctx.spend.flush();
    expect(keySpendInFile()).toBeCloseTo(0.4, 12);
  });
});
