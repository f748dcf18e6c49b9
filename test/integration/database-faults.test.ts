import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultUpstream, type FaultUpstream } from "./helpers/fault-upstream";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { spendRowsByStatus, untilSpendWritten } from "./helpers/spend-rows";

// SQLite taken away from the gateway by another process holding its lock (a backup, a migration
// tool, an admin's sqlite3 shell): requests that only need cached state keep being served
// promptly, those that need the database fail clearly, and spend rows wait for the lock to go.
let upstream: FaultUpstream;
let gateway: GatewayProcess;
let key: string;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  gateway = await startGateway({
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-ok }
`,
  });
  key = await createKey(gateway.url, { key_alias: "locked-out" });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

function chat() {
  const started = performance.now();
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
  }).then(async (response) => ({ status: response.status, json: await response.json(), ms: performance.now() - started }));
}

const spendRows = (path: string) => spendRowsByStatus(path).success ?? 0;

describe("a locked SQLite database", () => {
  it("keeps serving cached keys promptly, refuses writes with 503, and writes every held spend row once the lock is gone", async () => {
    expect((await chat()).status).toBe(200); // the key is now cached
    await untilSpendWritten(gateway.url); // and its first row written
    const rowsBefore = spendRows(gateway.databasePath);

    const locker = new Database(gateway.databasePath);
    locker.exec("BEGIN EXCLUSIVE");
    let served = 0;
    const slowest: number[] = [];
    try {
      // Two seconds of traffic while the lock is held: every answer is a 200, none waits on the lock.
      const until = Date.now() + 2_000;
      while (Date.now() < until) {
        const batch = await Promise.all(Array.from({ length: 10 }, () => chat()));
        for (const answer of batch) expect(answer.status).toBe(200);
        served += batch.length;
        slowest.push(Math.max(...batch.map((answer) => answer.ms)));
      }
      const generate = await manage(gateway.url, "POST", "/key/generate", { key_alias: "during-the-lock" });
      expect(generate.status).toBe(503);
      expect(generate.json.error.code).toBe("database_unavailable");
      const readiness = await fetch(`${gateway.url}/health/readiness`).then((response) => response.json());
      expect(readiness.pending_spend_rows).toBeGreaterThan(0);
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
    // The event loop never froze behind the lock: no batch of requests took a busy-wait's length.
    expect(Math.max(...slowest)).toBeLessThan(1_000);

    const deadline = Date.now() + 10_000;
    while (spendRows(gateway.databasePath) < rowsBefore + served && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    expect(spendRows(gateway.databasePath)).toBe(rowsBefore + served);
    expect((await manage(gateway.url, "POST", "/key/generate", { key_alias: "after-the-lock" })).status).toBe(200);
  });

  it("on a file that cannot be written (immutable, as a full or read-only disk behaves): same answers, and nothing lost once it is writable again", async () => {
    // Not the -shm file: SQLite maps it into memory, and a disk does not refuse writes to memory.
    const files = [gateway.databasePath, `${gateway.databasePath}-wal`];
    await untilSpendWritten(gateway.url);
    const rowsBefore = spendRows(gateway.databasePath);
    // chattr +i stops even root's writes: SQLite gets EPERM (SQLITE_IOERR_WRITE) on the next write.
    for (const file of files) execFileSync("chattr", ["+i", file]);
    let served = 0;
    try {
      for (let round = 0; round < 10; round++) {
        const batch = await Promise.all(Array.from({ length: 10 }, () => chat()));
        for (const answer of batch) expect(answer.status).toBe(200);
        served += batch.length;
        await new Promise((done) => setTimeout(done, 100));
      }
      const generate = await manage(gateway.url, "POST", "/key/generate", { key_alias: "while-read-only" });
      expect(generate.status).toBe(503);
      expect(generate.json.error.code).toBe("database_unavailable");
      expect(JSON.stringify(generate.json)).not.toMatch(/SQLITE|\/tmp\//); // no internals in the answer
    } finally {
      for (const file of files) execFileSync("chattr", ["-i", file]);
    }
    const deadline = Date.now() + 10_000;
    while (spendRows(gateway.databasePath) < rowsBefore + served && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    expect(spendRows(gateway.databasePath)).toBe(rowsBefore + served);
    expect((await fetch(`${gateway.url}/health/readiness`)).status).toBe(200);
  });
});
