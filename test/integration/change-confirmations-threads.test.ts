import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { signIn } from "./helpers/dashboard-session";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

// One process on SQLite, its dashboard in a worker thread with a gateway of its own: a change
// made on either side answers once the other thread has applied it (issue #26, "with one process").

const admin = { email: "admin@confirm.test", password: "admin-password-123" };
let fake: FakeProviders;
let gateway: GatewayProcess;
let session: string;
let key: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  const config = `model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", litellm_credential_name: rotating }\nrouter_settings: { num_retries: 0, allowed_fails: 1000 }\n`;
  gateway = await startGateway({
    config,
    dashboard: true,
    env: { SWITCHYARD_SALT_KEY: "a-salt-key-for-this-test-only", SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
  });
  session = await signIn(gateway.url, admin.email, admin.password);
  key = await createKey(gateway.url, {});
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

const chat = () =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

const mutate = (path: string, input: unknown) =>
  fetch(`${gateway.url}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie: session, origin: gateway.url }, body: JSON.stringify(input) });

describe("change confirmations between the threads of one process", () => {
  it("a management call answers once the dashboard's thread has applied it, and says so", async () => {
    const created = await fetch(`${gateway.url}/credentials`, {
      method: "POST",
      headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
      body: JSON.stringify({ credential_name: "rotating", credential_values: { api_key: "sk-fake" } }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("x-switchyard-change-confirmed")).toBe("1/1");
    expect(created.headers.get("x-switchyard-unconfirmed-instances")).toBeNull();
    expect(await chat()).toBe(200);
  });

  it("a dashboard change is in force for /v1 before the dashboard answers, every time", async () => {
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const failing = await mutate("credentials.replace", { name: "rotating", apiKey: "sk-fail-400" });
      expect(failing.status).toBe(200);
      expect(failing.headers.get("x-switchyard-change-confirmed")).toBe("1/1");
      seen.push(`failing:${await chat()}`);
      expect((await mutate("credentials.replace", { name: "rotating", apiKey: "sk-fake" })).status).toBe(200);
      seen.push(`working:${await chat()}`);
    }
    expect(seen).toEqual(Array.from({ length: 10 }, () => ["failing:400", "working:200"]).flat());
  });

  it("a dashboard query changes nothing and waits for nobody", async () => {
    const listed = await fetch(`${gateway.url}/api/trpc/credentials.list`, { headers: { cookie: session } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("x-switchyard-change-confirmed")).toBeNull();
  });
});
