import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../src/server/db/testing/postgres-database";
import { readCostMap, startCostMapServer, type CostMapServer } from "./helpers/cost-map-server";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { startDelayedProxy, type DelayedProxy } from "./helpers/delayed-proxy";
import { createKey, manage } from "./helpers/management";

// Issue #26: a change made on instance A must be in force on instance B by the time A answers.
// Before acknowledgements, B's first request after a cost map applied on A was sometimes priced
// and checked with the old map (403 under `anthropic/*` for a model the new map adds, allowed
// ~100 ms later). Each check below makes a change on A and calls B at once, many times over.
// B reaches Redis through a relay that delivers 60 ms late, as across hosts: on loopback the
// notification would nearly always win the race, and the test would prove little. Run with
// SWITCHYARD_CHANGE_CONFIRM_TIMEOUT_MS=0 (no waiting, as before), every loop below fails.

const rounds = 20;
let fake: FakeProviders;
let maps: CostMapServer;
let database: PostgresTestDatabase;
let slowLink: DelayedProxy;
let a: GatewayProcess;
let b: GatewayProcess;

const config = () => `
model_list:
  - model_name: "anthropic/*"
    litellm_params: { model: "anthropic/*", api_base: "${fake.url}", api_key: sk-ant-shared }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", litellm_credential_name: rotating }
router_settings: { num_retries: 0, allowed_fails: 1000 }
`;

beforeAll(async () => {
  [fake, maps, database, slowLink] = await Promise.all([
    startFakeProviders(),
    startCostMapServer(),
    createPostgresDatabase("sy_ryw"),
    startDelayedProxy({ host: "127.0.0.1", port: 6379 }, 60),
  ]);
  maps.put("before.json", readCostMap("model_prices_2026-02-17a.json"));
  maps.put("after.json", readCostMap("model_prices_2026-02-17b.json"));
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: "redis://127.0.0.1:6379",
    SWITCHYARD_REDIS_PREFIX: `sy-test-${randomBytes(4).toString("hex")}:`,
    SWITCHYARD_SALT_KEY: "a-shared-salt-key-for-both-instances",
    SWITCHYARD_COST_MAP_URL: maps.url("before.json"),
    SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1",
  };
  // One after the other: the first creates the schema and the first cost-map version.
  a = await startGateway({ config: config(), env });
  b = await startGateway({ config: config(), env: { ...env, REDIS_URL: slowLink.url } });
  // B beats within a second of subscribing; A waits only for instances it knows are alive.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([maps?.close(), fake?.close(), slowLink?.close()]);
  await database?.drop();
});

async function call(gateway: GatewayProcess, method: "POST" | "PATCH", path: string, body: unknown) {
  const response = await fetch(gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

const chat = (gateway: GatewayProcess, key: string, model: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

describe("read-your-writes across two instances on PostgreSQL + Redis", () => {
  it("a cost map applied (or rolled back) on A is used by B's very next request", async () => {
    const key = await createKey(a.url, { models: ["anthropic/*"] });
    expect(await chat(b, key, "claude-sonnet-4-6")).toBe(403);
    const preview = await manage(a.url, "POST", "/cost_map/preview", { url: maps.url("after.json") });
    const applied = await call(a, "POST", "/cost_map/apply", { preview_id: preview.json.preview_id });
    expect(applied.status).toBe(200);
    const withModel = applied.json.version_id as number;
    const withoutModel = withModel - 1;

    const seen: string[] = [];
    for (let round = 0; round < rounds; round++) {
      expect((await call(a, "POST", "/cost_map/rollback", { version_id: withoutModel })).status).toBe(200);
      seen.push(`without:${await chat(b, key, "claude-sonnet-4-6")}`);
      expect((await call(a, "POST", "/cost_map/rollback", { version_id: withModel })).status).toBe(200);
      seen.push(`with:${await chat(b, key, "claude-sonnet-4-6")}`);
    }
    expect(seen).toEqual(Array.from({ length: rounds }, () => ["without:403", "with:200"]).flat());
    // A waited for B (the one other live instance) and says so.
    expect(applied.headers.get("x-switchyard-change-confirmed")).toBe("1/1");
    expect(applied.headers.get("x-switchyard-unconfirmed-instances")).toBeNull();
  }, 120_000);

  it("a key blocked on A is refused by B's very next request, and allowed again once unblocked", async () => {
    const seen: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const key = await createKey(a.url, {});
      // B has read and cached the key.
      expect(await chat(b, key, "claude-sonnet-4-6")).toBe(200);
      expect((await call(a, "POST", "/key/block", { key })).status).toBe(200);
      seen.push(`blocked:${await chat(b, key, "claude-sonnet-4-6")}`);
      expect((await call(a, "POST", "/key/unblock", { key })).status).toBe(200);
      seen.push(`unblocked:${await chat(b, key, "claude-sonnet-4-6")}`);
    }
    expect(seen).toEqual(Array.from({ length: rounds }, () => ["blocked:401", "unblocked:200"]).flat());
  }, 120_000);

  it("a key deleted on A is refused by B's very next request", async () => {
    const seen: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const key = await createKey(a.url, {});
      expect(await chat(b, key, "claude-sonnet-4-6")).toBe(200);
      expect((await call(a, "POST", "/key/delete", { keys: [key] })).status).toBe(200);
      seen.push(await chat(b, key, "claude-sonnet-4-6"));
    }
    expect(seen).toEqual(Array(rounds).fill(401));
  }, 120_000);

  it("a credential changed on A is the one B's very next request sends", async () => {
    const key = await createKey(a.url, {});
    // sk-fail-400 makes the fake provider refuse with 400; sk-fake is accepted.
    expect((await call(a, "POST", "/credentials", { credential_name: "rotating", credential_values: { api_key: "sk-fake" } })).status).toBe(200);
    expect(await chat(b, key, "gpt-4o")).toBe(200);
    const seen: string[] = [];
    for (let round = 0; round < rounds; round++) {
      expect((await call(a, "PATCH", "/credentials/rotating", { credential_values: { api_key: "sk-fail-400" } })).status).toBe(200);
      seen.push(`failing:${await chat(b, key, "gpt-4o")}`);
      expect((await call(a, "PATCH", "/credentials/rotating", { credential_values: { api_key: "sk-fake" } })).status).toBe(200);
      seen.push(`working:${await chat(b, key, "gpt-4o")}`);
    }
    expect(seen).toEqual(Array.from({ length: rounds }, () => ["failing:400", "working:200"]).flat());
  }, 120_000);

  it("an instance that does not confirm in time is named in the answer, which comes after the bounded wait", async () => {
    const key = await createKey(a.url, {});
    // B is frozen: alive a moment ago, so A waits for it, and it cannot answer.
    process.kill(b.pid, "SIGSTOP");
    try {
      const started = Date.now();
      const blocked = await call(a, "POST", "/key/block", { key });
      const tookMs = Date.now() - started;
      expect(blocked.status).toBe(200);
      expect(blocked.headers.get("x-switchyard-change-confirmed")).toBe("0/1");
      expect(blocked.headers.get("x-switchyard-unconfirmed-instances")).toMatch(new RegExp(`:${b.pid}:main:`));
      expect(tookMs).toBeGreaterThanOrEqual(1_900);
      expect(tookMs).toBeLessThan(4_000);
    } finally {
      process.kill(b.pid, "SIGCONT");
    }
  }, 30_000);
});
