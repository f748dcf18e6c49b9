import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../src/server/db/testing/postgres-database";
import { startCuttableProxy, type CuttableProxy } from "./helpers/cuttable-proxy";
import { startFaultUpstream, type FaultUpstream } from "./helpers/fault-upstream";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// PostgreSQL restarted while the gateway is under steady load. A restart looks like this to a
// client: every connection is terminated (57P01 admin_shutdown), then new ones are refused for a
// while. The shared server can't be restarted by a test, so the test does exactly that to the
// gateway's own connections: pg_terminate_backend, and a TCP relay that refuses while "down".
let upstream: FaultUpstream;
let database: PostgresTestDatabase;
let proxy: CuttableProxy;
let gateway: GatewayProcess;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  database = await createPostgresDatabase("sy_pg_restart");
  proxy = await startCuttableProxy({ host: "127.0.0.1", port: 5432 });
  const url = new URL(database.url);
  url.port = String(proxy.port);
  gateway = await startGateway({
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-ok }
`,
    env: { DATABASE_URL: url.toString() },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await proxy?.close();
  await database?.drop();
  await upstream?.close();
});

async function terminateGatewayConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    const { rows } = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [database.name]);
    return rows.length;
  } finally {
    await admin.end();
  }
}

describe("PostgreSQL restarted mid-load", () => {
  it("answers every chat, refuses database writes with 503 only while it is down, and writes every spend row after", async () => {
    const key = await createKey(gateway.url, { key_alias: "steady" });
    const statuses = { chat: new Map<number, number>(), generate: new Map<number, number>() };
    const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
    let running = true;

    const chatLoop = async () => {
      while (running) {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
        });
        await response.arrayBuffer();
        count(statuses.chat, response.status);
      }
    };
    const generateLoop = async () => {
      while (running) {
        const { status, json } = await manage(gateway.url, "POST", "/key/generate", {});
        count(statuses.generate, status);
        if (status !== 200) expect(json.error.code).toBe("database_unavailable");
        await new Promise((done) => setTimeout(done, 100));
      }
    };
    const loops = [...Array.from({ length: 8 }, chatLoop), generateLoop()];

    await new Promise((done) => setTimeout(done, 1_000));
    expect(await terminateGatewayConnections()).toBeGreaterThan(0);
    proxy.cut();
    await new Promise((done) => setTimeout(done, 2_000));
    proxy.restore();
    await new Promise((done) => setTimeout(done, 2_000));
    running = false;
    await Promise.all(loops);

    // Chat never needed the database on its path (a cached key); key creation did, and said so.
    expect([...statuses.chat.keys()]).toEqual([200]);
    expect([...statuses.generate.keys()].sort()).toEqual([200, 503]);
    const served = statuses.chat.get(200)!;
    expect(served).toBeGreaterThan(100);

    const deadline = Date.now() + 10_000;
    let rows = 0;
    while (Date.now() < deadline) {
      rows = Number((await database.query<{ count: string }>("select count(*) from spend_logs where status = 'success'"))[0].count);
      if (rows >= served) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(rows).toBe(served);
    expect((await fetch(`${gateway.url}/health/readiness`)).status).toBe(200);
    expect(gateway.output()).not.toMatch(/uncaught|unhandled/i);
  });
});
