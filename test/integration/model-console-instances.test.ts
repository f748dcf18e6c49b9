import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../src/server/db/testing/postgres-database";
import { signIn } from "./helpers/dashboard-session";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";

// #26's console path across instances: an instance admin adds a deployment on A's Models page
// (its tRPC procedures, as the form sends them), and B serves it within a second; the key is
// rotated and the deployment deleted from A's page, and B follows each time. The fake provider
// records the key each request carried; A's answers never show it.

const admin = { email: "models-admin@example.com", password: "a-long-admin-password-1" };
const secret = "sk-proj-console-instances-secret-AAAA1111";
const rotated = "sk-proj-console-instances-secret-BBBB2222";

let fake: FakeProviders;
let database: PostgresTestDatabase;
let a: GatewayProcess;
let b: GatewayProcess;
let session: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  database = await createPostgresDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: "redis://127.0.0.1:6379",
    SWITCHYARD_REDIS_PREFIX: `sy-console-models-${randomBytes(4).toString("hex")}:`,
    SWITCHYARD_SALT_KEY: "console-instances-salt-key-0001",
    SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "127.0.0.1",
    SWITCHYARD_ADMIN_EMAIL: admin.email,
    SWITCHYARD_ADMIN_PASSWORD: admin.password,
  };
  const config = "model_list: []\ngeneral_settings:\n  store_model_in_db: true\n";
  a = await startGateway({ config, env, dashboard: true });
  b = await startGateway({ config, env });
  session = await signIn(a.url, admin.email, admin.password);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await fake?.close();
});

/** A Models page mutation on A, as the browser sends it. */
async function onPage(procedure: string, input: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${a.url}/api/trpc/models.${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session, origin: a.url },
    body: JSON.stringify(input),
  });
  return { status: response.status, text: await response.text() };
}

const chatOnB = async (): Promise<number> => {
  const response = await fetch(`${b.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "console-model", messages: [{ role: "user", content: "hi" }] }),
  });
  await response.arrayBuffer();
  return response.status;
};

/** Polls `check` every 10 ms; throws when it has not held within `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const form = (apiKey: string) => ({ modelName: "console-model", model: "openai/gpt-4o-mini", apiBase: `${fake.url}/v1`, apiKey, accessGroups: [] });

describe("a deployment managed on one instance's Models page", () => {
  it("is served by the other instance within a second, with its rotated key, and is gone from it once deleted", async () => {
    expect(await chatOnB()).toBe(404);

    const added = await onPage("add", form(secret));
    expect(added.status, added.text).toBe(200);
    expect(added.text).not.toContain(secret);
    const id = (JSON.parse(added.text) as { result: { data: { id: string } } }).result.data.id;
    await within(1_000, async () => (await chatOnB()) === 200);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);

    const edited = await onPage("edit", { id, form: form(rotated) });
    expect(edited.status, edited.text).toBe(200);
    await within(1_000, async () => (await chatOnB()) === 200 && fake.requests.at(-1)?.headers.authorization === `Bearer ${rotated}`);

    const listed = await fetch(`${a.url}/api/trpc/models.deployments`, { headers: { cookie: session } });
    const page = await listed.text();
    expect(listed.status).toBe(200);
    expect(page).toContain("console-model");
    expect(page).not.toContain(secret);
    expect(page).not.toContain(rotated);

    const removed = await onPage("remove", { id });
    expect(removed.status, removed.text).toBe(200);
    await within(1_000, async () => (await chatOnB()) === 404);
  });
});
