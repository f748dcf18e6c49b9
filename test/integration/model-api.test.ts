import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../src/server/db/testing/postgres-database";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";

// LiteLLM's model API on the production server: a deployment added through one instance is
// served by the other within a second (Redis notifications, or the database poll without Redis),
// its key rotated and deleted likewise; one process on SQLite does the same. The fake provider
// records the key each request carried; no secret appears in an answer or in the logs (trace level).

const saltKey = "model-api-integration-salt-key-01";
const secret = "sk-proj-model-api-integration-secret-AAAA1111";
const rotated = "sk-proj-model-api-integration-secret-BBBB2222";

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake?.close();
});

const config = `
model_list: []
general_settings:
  store_model_in_db: true
`;

/** The instances' environment: the fake provider on 127.0.0.1 is allowed as a stored endpoint. */
const baseEnv = { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "127.0.0.1", SWITCHYARD_LOG_LEVEL: "trace" };

async function call(gateway: GatewayProcess, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${masterKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const chat = (gateway: GatewayProcess, model = "live-model") => call(gateway, "POST", "/v1/chat/completions", { model, messages: [{ role: "user", content: "hi" }] });
const lastKey = () => fake.requests.at(-1)?.headers.authorization;

/** Polls `check` every 10 ms; the milliseconds until it held, or throws after `limitMs`. */
async function msUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const newModel = () => ({
  model_name: "live-model",
  litellm_params: { model: "openai/gpt-4o-mini", api_base: `${fake.url}/v1`, api_key: secret },
  model_info: { id: `live-${randomBytes(3).toString("hex")}` },
});

/** Add on `a`, use through `b`; rotate the key; delete: each seen by `b` within a second. */
async function addRotateDelete(a: GatewayProcess, b: GatewayProcess): Promise<{ listedMs: number; addMs: number; rotateMs: number; deleteMs: number }> {
  const model = newModel();
  const id = model.model_info.id;
  expect((await chat(b)).status).toBe(404);
  expect((await call(b, "GET", "/v2/model/info")).status).toBe(200); // warm, so the timing below is the change's
  const created = await call(a, "POST", "/model/new", model);
  expect(created.status, created.text).toBe(200);
  expect(created.text).not.toContain(secret);
  // How soon B knows of it (a cheap read), then that a request through B reaches it (the check's own request time included).
  const listedMs = await msUntil(async () => JSON.parse((await call(b, "GET", `/v2/model/info?modelId=${id}`)).text).data.length === 1, 1_000);
  const addMs = await msUntil(async () => (await chat(b)).status === 200, 1_000);
  expect(lastKey()).toBe(`Bearer ${secret}`);

  const patched = await call(a, "PATCH", `/model/${id}/update`, { litellm_params: { api_key: rotated } });
  expect(patched.status, patched.text).toBe(200);
  expect(patched.text).not.toContain(rotated);
  // The instance that made the change uses the new key on its very next request.
  expect((await chat(a)).status).toBe(200);
  expect(lastKey()).toBe(`Bearer ${rotated}`);
  const rotateMs = await msUntil(async () => (await chat(b)).status === 200 && lastKey() === `Bearer ${rotated}`, 1_000);

  const info = await call(b, "GET", `/model/info?litellm_model_id=${id}`);
  expect(info.status).toBe(200);
  expect(info.text).not.toContain(rotated);
  expect(JSON.parse(info.text)).toMatchObject({ data: [{ model_name: "live-model", litellm_params: { api_key: "sk-...2222" }, model_info: { id, db_model: true } }] });

  const deleted = await call(a, "POST", "/model/delete", { id });
  expect(deleted.status, deleted.text).toBe(200);
  expect((await chat(a)).status).toBe(404);
  const deleteMs = await msUntil(async () => (await chat(b)).status === 404, 1_000);
  return { listedMs, addMs, rotateMs, deleteMs };
}

function expectNoSecrets(...gateways: GatewayProcess[]): void {
  for (const gateway of gateways) {
    const output = gateway.output();
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(secret);
    expect(output).not.toContain(rotated);
  }
}

describe("two instances on PostgreSQL and Redis", () => {
  let database: PostgresTestDatabase;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    database = await createPostgresDatabase("sy_models");
    const env = { ...baseEnv, DATABASE_URL: database.url, REDIS_URL: "redis://127.0.0.1:6379", SWITCHYARD_REDIS_PREFIX: `sy-models-${randomBytes(4).toString("hex")}:` };
    [a, b] = await Promise.all([startGateway({ config, env }), startGateway({ config, env })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("serves a deployment added on A through B within a second, rotates its key and deletes it everywhere likewise", async () => {
    const timings = await addRotateDelete(a, b);
    console.log(`PostgreSQL + Redis: seen on B after (ms) ${JSON.stringify(timings)}`);
    const rows = await database.query<{ sealed_secrets: string }>("select sealed_secrets from model_deployments");
    expect(JSON.stringify(rows)).not.toContain(secret);
    const audit = await database.query<{ action: string }>("select action from audit_log where target_type = 'deployment' order by id");
    expect(audit.map((row) => row.action)).toEqual(["deployment.created", "deployment.updated", "deployment.deleted"]);
    expectNoSecrets(a, b);
  });
});

describe("two instances on PostgreSQL without Redis", () => {
  let database: PostgresTestDatabase;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    database = await createPostgresDatabase("sy_models_poll");
    const env = { ...baseEnv, DATABASE_URL: database.url };
    [a, b] = await Promise.all([startGateway({ config, env }), startGateway({ config, env })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("finds every change by polling the database, within a second", async () => {
    const timings = await addRotateDelete(a, b);
    console.log(`PostgreSQL polling: seen on B after (ms) ${JSON.stringify(timings)}`);
    expectNoSecrets(a, b);
  });
});

describe("one process on SQLite", () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await startGateway({ config, env: baseEnv });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("adds, rotates and deletes with effect on the next request", async () => {
    await addRotateDelete(gateway, gateway);
    expectNoSecrets(gateway);
  });

  it("refuses config deployments' changes and, with store_model_in_db off, every change", async () => {
    const off = await startGateway({ config: "model_list: []\n", env: baseEnv });
    try {
      const refused = await call(off, "POST", "/model/new", newModel());
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "store_model_in_db_disabled" } });
    } finally {
      await off.stop();
    }
  });
});
