import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startFakeRealtime, type FakeRealtime } from "../../e2e/fixtures/fake-realtime.mjs";
import { startFakeResponsesOrgs, type FakeResponsesOrgs } from "../../e2e/fixtures/fake-responses-orgs.mjs";
import { generateVirtualKey } from "../../src/server/gateway/keys/key-format";
import { copyText } from "../../src/server/gateway/testing/cost-map-copies";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../src/server/db/testing/postgres-database";
import { startPrivateRedis, type PrivateRedis } from "../../src/server/redis/testing/private-redis";
import { converse, type ConversationStyle } from "./helpers/conversations";
import { startCuttableProxy, type CuttableProxy } from "./helpers/cuttable-proxy";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { makeOffer } from "./helpers/sdp-offer";

// Two gateway processes on different ports sharing one PostgreSQL database and one Redis, as
// several instances behind a load balancer would: nothing needed for correctness may live in
// only one of them.

let providers: FakeProviders;
let orgs: FakeResponsesOrgs;
let realtime: FakeRealtime;

beforeAll(async () => {
  [providers, orgs, realtime] = await Promise.all([startFakeProviders(), startFakeResponsesOrgs(), startFakeRealtime()]);
});

afterAll(async () => {
  await Promise.all([providers?.close(), orgs?.close(), realtime?.close()]);
});

const config = () => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${providers.url}/v1", api_key: sk-fake }
  - model_name: reasoner
    litellm_params: { model: openai/o4-mini, api_base: "${orgs.url}/v1", api_key: sk-org-a }
  - model_name: reasoner
    litellm_params: { model: openai/o4-mini, api_base: "${orgs.url}/v1", api_key: sk-org-b }
  - model_name: gpt-realtime
    litellm_params: { model: openai/gpt-realtime, api_base: "${realtime.url}/v1", api_key: sk-rt-a }
    model_info: { mode: realtime }
  - model_name: flaky
    litellm_params: { model: openai/gpt-4o, api_base: "${providers.url}/v1", api_key: sk-fail-500 }
router_settings: { routing_strategy: simple-shuffle, num_retries: 0, allowed_fails: 0, cooldown_time: 30 }
`;

interface Pair {
  a: GatewayProcess;
  b: GatewayProcess;
  stop(): Promise<void>;
}

/** Two instances started together (their migrations race, and must take turns) on one database and one Redis. */
async function startPair(databaseUrl: string, redisUrl: string): Promise<Pair> {
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SWITCHYARD_REDIS_PREFIX: `sy-test-${randomBytes(4).toString("hex")}:`,
    SWITCHYARD_SALT_KEY: "a-shared-salt-key-for-both-instances",
  };
  const [a, b] = await Promise.all([startGateway({ config: config(), env }), startGateway({ config: config(), env })]);
  return { a, b, stop: async () => void (await Promise.all([a.stop(), b.stop()])) };
}

const chat = (gateway: GatewayProcess, key: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hello there" }] }),
  });

async function readiness(gateway: GatewayProcess) {
  const response = await fetch(`${gateway.url}/health/readiness`);
  return { status: response.status, body: (await response.json()) as { db: string; redis: string; pending_spend_rows: number; cost_map_version: number } };
}

/** Polls `check` every 20 ms; returns the milliseconds until it held, or throws after `limitMs`. */
async function msUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("two instances on PostgreSQL and Redis", () => {
  let database: PostgresTestDatabase;
  let pair: Pair;

  beforeAll(async () => {
    database = await createPostgresDatabase("sy_scale");
    pair = await startPair(database.url, "redis://127.0.0.1:6379");
  });

  afterAll(async () => {
    await pair?.stop();
    await database?.drop();
  });

  it("both answer ready on the same PostgreSQL database, with Redis connected", async () => {
    for (const gateway of [pair.a, pair.b]) {
      expect(await readiness(gateway)).toMatchObject({ status: 200, body: { db: "connected", redis: "connected" } });
    }
    const migrations = await database.query<{ count: string }>("select count(*) from drizzle.__drizzle_migrations");
    expect(Number(migrations[0].count)).toBeGreaterThan(0);
  });

  it("honours on B the Responses affinity A wrote: every turn alternates instances and still reaches the organisation that can read it", async () => {
    const key = await createKey(pair.a.url);
    const clients = [pair.a, pair.b].map((gateway) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }));
    const styles: ConversationStyle[] = ["previous_response_id", "encrypted_items", "encrypted_without_ids"];
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        converse(index % 2 ? clients : [...clients].reverse(), "reasoner", styles[index % 3], 3, index % 4 < 2).then(
          (texts) => texts.map((text) => text.replace(/^org-[ab]: /, "")),
          (error: Error) => [error.message],
        ),
      ),
    );
    for (const texts of runs) expect(texts).toEqual(["turn 1", "turn 2", "turn 3"]);
    expect(new Set(orgs.requests.map((request) => request.org))).toEqual(new Set(["org-a", "org-b"]));
  });

  it("accepts on B a realtime token minted on A", async () => {
    const key = await createKey(pair.a.url);
    const minted = await fetch(`${pair.a.url}/v1/realtime/client_secrets`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-realtime" }),
    });
    expect(minted.status).toBe(200);
    const { value } = (await minted.json()) as { value: string };
    const offer = await makeOffer();
    try {
      const call = await fetch(`${pair.b.url}/v1/realtime/calls`, { method: "POST", headers: { authorization: `Bearer ${value}`, "content-type": "application/sdp" }, body: offer.sdp });
      expect(call.status).toBe(201);
      expect(await call.text()).toMatch(/^v=0/);
    } finally {
      await offer.close();
    }
  });

  it("refuses on B, within a second, a key blocked, changed or deleted on A", async () => {
    const key = await createKey(pair.a.url, { models: ["gpt-4o"] });
    expect((await chat(pair.b, key)).status).toBe(200); // B now has the key cached

    expect((await manage(pair.a.url, "POST", "/key/block", { key })).status).toBe(200);
    const blockedAfter = await msUntil(async () => (await chat(pair.b, key)).status === 401, 1_000);

    expect((await manage(pair.a.url, "POST", "/key/unblock", { key })).status).toBe(200);
    await msUntil(async () => (await chat(pair.b, key)).status === 200, 1_000);
    expect((await manage(pair.a.url, "POST", "/key/update", { key, models: ["reasoner"] })).status).toBe(200);
    const changedAfter = await msUntil(async () => (await chat(pair.b, key)).status === 403, 1_000);

    expect((await manage(pair.a.url, "POST", "/key/delete", { keys: [key] })).status).toBe(200);
    const deletedAfter = await msUntil(async () => (await chat(pair.b, key)).status === 401, 1_000);
    console.info(`key changes seen on B after ${[blockedAfter, changedAfter, deletedAfter].map((ms) => ms.toFixed(0)).join(", ")} ms`);
  });

  it("prices on B's very next request with a cost map applied on A", async () => {
    // An older copy than the built-in map (2026-07-24), so what B picks up is a real change of prices.
    const before = (await readiness(pair.b)).body.cost_map_version;
    const preview = await manage(pair.a.url, "POST", "/cost_map/preview", { content: copyText("feb23") });
    expect(preview.status).toBe(200);
    const applied = await manage(pair.a.url, "POST", "/cost_map/apply", { preview_id: preview.json.preview_id });
    expect(applied.status).toBe(200);
    expect(applied.json.version_id).not.toBe(before);

    const response = await chat(pair.b, await createKey(pair.b.url));
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-switchyard-request-id");
    const logs = await msUntil(async () => (await manage(pair.b.url, "GET", `/spend/logs?request_id=${requestId}`)).json.length === 1, 2_000).then(() =>
      manage(pair.a.url, "GET", `/spend/logs?request_id=${requestId}`),
    );
    expect(logs.json[0].cost_map_version).toBe(applied.json.version_id);
    expect((await readiness(pair.b)).body.cost_map_version).toBe(applied.json.version_id);
  });

  it("cools a failing deployment down on B as soon as A saw it fail", async () => {
    const key = await createKey(pair.a.url);
    const flaky = (gateway: GatewayProcess) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "flaky", messages: [{ role: "user", content: "hi" }] }),
      });
    const sentToFlaky = () => providers.requests.filter((request) => request.headers.authorization === "Bearer sk-fail-500").length;
    expect((await flaky(pair.a)).status).toBe(500);
    expect(sentToFlaky()).toBe(1);
    await msUntil(async () => (await flaky(pair.b)).status === 503, 1_000);
    // B refused without calling the deployment A had already seen failing.
    expect(sentToFlaky()).toBe(1);
  });

  it("holds one rpm limit across both instances: 200 concurrent requests against rpm 50 let exactly 50 through", async () => {
    const key = await createKey(pair.a.url, { rpm_limit: 50 });
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(index % 2 ? pair.a : pair.b, key).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.filter((status) => status === 429)).toHaveLength(150);
  });

  it("holds a budget across both instances: spend written by A reaches B's cached key within a second", async () => {
    const key = await createKey(pair.a.url, { max_budget: 0.000001 });
    // B caches the key (listing models spends nothing), long before its 60 s cache would expire.
    expect((await fetch(`${pair.b.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await chat(pair.a, key)).status).toBe(200);
    // A writes the spend within its 200 ms batch and tells B the new total.
    await msUntil(async () => (await chat(pair.b, key)).status === 429, 1_000);
  });
});

describe("two instances on PostgreSQL without Redis", () => {
  it("holds one rpm limit through the database: 200 concurrent requests against rpm 50 let exactly 50 through", async () => {
    const database = await createPostgresDatabase("sy_limits_db");
    const env = { DATABASE_URL: database.url };
    const [a, b] = await Promise.all([startGateway({ config: config(), env }), startGateway({ config: config(), env })]);
    try {
      const key = await createKey(a.url, { rpm_limit: 50 });
      const statuses = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(index % 2 ? a : b, key).then((response) => response.status)));
      expect(statuses.filter((status) => status === 200)).toHaveLength(50);
      expect(statuses.filter((status) => status === 429)).toHaveLength(150);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    }
  });
});

describe("surviving outages", () => {
  it("keeps serving through a Redis restart and resumes sharing when it is back", async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    const database = await createPostgresDatabase("sy_redis_restart");
    const pair = await startPair(database.url, redis.url);
    try {
      const key = await createKey(pair.a.url, { rpm_limit: 1000 });
      expect((await chat(pair.b, key)).status).toBe(200);

      await redis.stop();
      // Limits fall back to each instance's memory; nothing is refused for want of Redis.
      expect((await chat(pair.a, key)).status).toBe(200);
      expect((await chat(pair.b, key)).status).toBe(200);
      expect(await readiness(pair.a)).toMatchObject({ status: 200, body: { db: "connected", redis: "unreachable" } });

      await redis.restart();
      await msUntil(async () => (await readiness(pair.a)).body.redis === "connected" && (await readiness(pair.b)).body.redis === "connected", 10_000);
      // Notifications flow again (B resubscribed and dropped what it cached meanwhile).
      await msUntil(async () => {
        const other = await createKey(pair.a.url);
        await chat(pair.b, other);
        await manage(pair.a.url, "POST", "/key/block", { key: other });
        return (await chat(pair.b, other)).status === 401;
      }, 5_000);
      expect((await chat(pair.b, key)).status).toBe(200);
    } finally {
      await pair.stop();
      await redis.stop();
      await database.drop();
    }
  });

  it("answers 503 while PostgreSQL is unreachable, loses no spend row, and recovers without a restart", async () => {
    const database = await createPostgresDatabase("sy_db_outage");
    const proxy: CuttableProxy = await startCuttableProxy({ host: "127.0.0.1", port: 5432 });
    const url = new URL(database.url);
    url.port = String(proxy.port);
    const gateway = await startGateway({ config: config(), env: { DATABASE_URL: url.toString() } });
    try {
      const known = await createKey(gateway.url);
      // Created elsewhere (not through this instance, so not in its cache): only the database knows it.
      const unknown = generateVirtualKey();
      expect((await chat(gateway, known)).status).toBe(200);

      proxy.cut();
      const during = await Promise.all(Array.from({ length: 20 }, () => chat(gateway, known).then((response) => response.status)));
      // A cached key keeps working; its spend rows wait in memory.
      expect(during.every((status) => status === 200)).toBe(true);
      // A Responses conversation carries on: the affinity record is held in memory and used.
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: known, maxRetries: 0 });
      const followUps: string[] = [];
      for (let conversation = 0; conversation < 5; conversation++) {
        const first = await client.responses.create({ model: "reasoner", input: "turn 1" });
        // The other organisation would answer 400 previous_response_not_found.
        const second = await client.responses.create({ model: "reasoner", input: "turn 2", previous_response_id: first.id });
        expect(second.output_text.slice(0, 5)).toBe(first.output_text.slice(0, 5));
        followUps.push(second.id);
      }
      const refused = await chat(gateway, unknown);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
      const ready = await readiness(gateway);
      expect(ready).toMatchObject({ status: 503, body: { db: "unreachable" } });
      expect(ready.body.pending_spend_rows).toBeGreaterThanOrEqual(20);

      proxy.restore();
      await msUntil(async () => (await readiness(gateway)).status === 200, 10_000);
      expect((await chat(gateway, unknown)).status).toBe(401);
      expect((await chat(gateway, known)).status).toBe(200);
      await msUntil(async () => (await readiness(gateway)).body.pending_spend_rows === 0, 5_000);
      const rows = await database.query<{ count: string }>("select count(*) from spend_logs where status = 'success'");
      expect(Number(rows[0].count)).toBe(1 + 20 + 10 + 1);
      await msUntil(async () => (await database.query("select ref from response_affinity where ref = any($1)", [followUps])).length === 5, 3_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- gateway output ---\n${gateway.output()}`);
    } finally {
      await gateway.stop();
      await proxy.close();
      await database.drop();
    }
  });
});
