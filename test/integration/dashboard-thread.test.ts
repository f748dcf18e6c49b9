import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { signIn } from "./helpers/dashboard-session";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";

// The dashboard renders in a worker thread of the server's process, with a gateway of its own
// over the same SQLite file. What the dashboard changes must reach the /v1 path at once, and what
// /v1 answered a moment ago must show on the dashboard, as when both ran in one thread.
const admin = { email: "thread-admin@switchyard.test", password: "thread-admin-password-1" };

let fake: FakeProviders;
let gateway: GatewayProcess;
let session = "";
let teamId = "";

async function trpc<T>(procedure: string, input: unknown, method: "GET" | "POST" = "POST"): Promise<T> {
  const headers = { cookie: session, "content-type": "application/json", origin: gateway.url };
  const url = `${gateway.url}/api/trpc/${procedure}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
  const response = await fetch(url, { method, headers, ...(method === "POST" ? { body: JSON.stringify(input) } : {}) });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text).result.data as T;
}

const chat = (key: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hello" }] }),
  });

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-thread }
`,
    env: { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
    dashboard: true,
  });
  session = await signIn(gateway.url, admin.email, admin.password);
  ({ teamId } = await trpc<{ teamId: string }>("teams.create", { alias: "thread team" }));
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe("the dashboard's thread and the /v1 path", () => {
  it("refuses a key on /v1 as soon as the dashboard blocks it, and serves it again once unblocked", async () => {
    const created = await trpc<{ key: string; summary: { id: string } }>("keys.create", {
      teamId,
      alias: "blocked from the dashboard",
      models: [],
      maxBudget: null,
      rpmLimit: null,
      tpmLimit: null,
      duration: null,
    });
    // Served once, so the main thread has the key cached (for 5 minutes on one SQLite process).
    expect((await chat(created.key)).status).toBe(200);

    await trpc("keys.setBlocked", { teamId, id: created.summary.id, blocked: true });
    const refused = await chat(created.key);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.type).toBeTypeOf("string");

    await trpc("keys.setBlocked", { teamId, id: created.summary.id, blocked: false });
    expect((await chat(created.key)).status).toBe(200);
  });

  it("shows on the spend page the requests /v1 answered a moment ago", async () => {
    const created = await trpc<{ key: string; summary: { id: string } }>("keys.create", {
      teamId,
      alias: "spend right away",
      models: [],
      maxBudget: null,
      rpmLimit: null,
      tpmLimit: null,
      duration: null,
    });
    for (let index = 0; index < 3; index++) expect((await chat(created.key)).status).toBe(200);
    // The main thread writes spend rows each second on SQLite; the page asks it to write them first.
    const spend = await trpc<{ keys: { id: string; requests: number }[] }>("spend.team", { teamId, days: 1 }, "GET");
    expect(spend.keys.find((key) => key.id === created.summary.id)?.requests).toBe(3);
  });

  it("keeps every Set-Cookie header of a dashboard answer apart", async () => {
    const csrf = await fetch(`${gateway.url}/api/auth/csrf`);
    const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split("=")[0]);
    expect(cookies).toEqual(expect.arrayContaining(["next-auth.csrf-token", "next-auth.callback-url"]));
  });
});
