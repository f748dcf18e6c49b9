import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

let fake: FakeProviders;
let gateway: GatewayProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-1 }
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${fake.url}/v1", api_key: sk-upstream-1 }
    model_info: { access_groups: [cheap] }
  - model_name: pricey
    litellm_params: { model: openai/pricey, api_base: "${fake.url}/v1", api_key: sk-upstream-1, input_cost_per_token: 0.01, output_cost_per_token: 0.01 }
`,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

function chat(key: string, model = "gpt-4o") {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("keys", () => {
  it("generates a key shown once, stored as a hash, with LiteLLM's fields", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/key/generate", {
      key_alias: "alpha",
      models: ["gpt-4o"],
      max_budget: 10,
      budget_duration: "30d",
      rpm_limit: 100,
      tpm_limit: 10000,
      metadata: { owner: "ana" },
      duration: "7d",
    });
    expect(status).toBe(200);
    expect(json.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(json.token).toMatch(/^[0-9a-f]{64}$/);
    expect(json.key_name).toBe(`sk-...${json.key.slice(-4)}`);
    expect(json).toMatchObject({
      key_alias: "alpha",
      models: ["gpt-4o"],
      max_budget: 10,
      budget_duration: "30d",
      rpm_limit: 100,
      tpm_limit: 10000,
      metadata: { owner: "ana" },
      blocked: false,
      spend: 0,
    });
    expect(Date.parse(json.expires) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const info = await manage(gateway.url, "GET", `/key/info?key=${json.key}`);
    expect(info.status).toBe(200);
    expect(info.json.info.key_alias).toBe("alpha");
    expect(JSON.stringify(info.json.info)).not.toContain(json.key);
    // The hash names the key too, as in LiteLLM.
    expect((await manage(gateway.url, "GET", `/key/info?key=${json.token}`)).json.info.key_alias).toBe("alpha");
  });

  it("lets a key read its own info but not another's", async () => {
    const own = await createKey(gateway.url);
    const other = await createKey(gateway.url, { key_alias: "other" });
    expect((await manage(gateway.url, "GET", "/key/info", undefined, own)).status).toBe(200);
    expect((await manage(gateway.url, "GET", `/key/info?key=${other}`, undefined, own)).status).toBe(403);
    expect((await manage(gateway.url, "POST", "/key/generate", {}, own)).status).toBe(403);
  });

  it("updates, blocks, unblocks, regenerates and deletes", async () => {
    const key = await createKey(gateway.url, { models: ["gpt-4o"] });
    expect((await chat(key, "gpt-4o-mini")).status).toBe(403);
    expect((await manage(gateway.url, "POST", "/key/update", { key, models: ["gpt-4o", "gpt-4o-mini"] })).json.models).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect((await chat(key, "gpt-4o-mini")).status).toBe(200);

    expect((await manage(gateway.url, "POST", "/key/block", { key })).json.blocked).toBe(true);
    const blocked = await chat(key);
    expect(blocked.status).toBe(401);
    expect((await blocked.json()).error.code).toBe("key_blocked");
    expect((await manage(gateway.url, "POST", "/key/unblock", { key })).json.blocked).toBe(false);
    expect((await chat(key)).status).toBe(200);

    const regenerated = await manage(gateway.url, "POST", `/key/${encodeURIComponent(key)}/regenerate`, {});
    expect(regenerated.status).toBe(200);
    expect(regenerated.json.models).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect((await chat(key)).status).toBe(401);
    expect((await chat(regenerated.json.key)).status).toBe(200);

    expect((await manage(gateway.url, "POST", "/key/delete", { keys: [regenerated.json.key] })).json.deleted_keys).toEqual([regenerated.json.key]);
    expect((await chat(regenerated.json.key)).status).toBe(401);
  });

  it("refuses bad fields with a 400 naming the field", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/key/generate", { max_budget: "lots" });
    expect(status).toBe(400);
    expect(json.error.param).toBe("max_budget");
    expect((await manage(gateway.url, "POST", "/key/generate", { budget_duration: "forever" })).json.error.param).toBe("budget_duration");
    expect((await manage(gateway.url, "POST", "/key/generate", { team_id: "no-such-team" })).json.error.param).toBe("team_id");
    expect((await manage(gateway.url, "POST", "/key/update", { key: "sk-unknown-key-123456" })).status).toBe(404);
  });

  it("expires keys", async () => {
    const key = await createKey(gateway.url, { duration: "1s" });
    expect((await chat(key)).status).toBe(200);
    await new Promise((done) => setTimeout(done, 1100));
    const expired = await chat(key);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.code).toBe("key_expired");
  });

  it("gives access groups' models to keys that list the group", async () => {
    const key = await createKey(gateway.url, { models: ["cheap"] });
    expect((await chat(key, "gpt-4o-mini")).status).toBe(200);
    expect((await chat(key, "gpt-4o")).status).toBe(403);
  });
});

describe("teams", () => {
  it("creates teams, limits their keys to the team's models and lists them", async () => {
    const team = await manage(gateway.url, "POST", "/team/new", { team_alias: "research", models: ["gpt-4o-mini"] });
    expect(team.status).toBe(200);
    const teamId = team.json.team_id;
    const inherits = await createKey(gateway.url, { team_id: teamId });
    expect((await chat(inherits, "gpt-4o-mini")).status).toBe(200);
    const denied = await chat(inherits, "gpt-4o");
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toContain("team not allowed");
    // A key never gets more than its team: asking for gpt-4o on the key does not widen the team.
    const wider = await createKey(gateway.url, { team_id: teamId, models: ["gpt-4o", "gpt-4o-mini"] });
    expect((await chat(wider, "gpt-4o")).status).toBe(403);

    const info = await manage(gateway.url, "GET", `/team/info?team_id=${teamId}`);
    expect(info.json.team_info.team_alias).toBe("research");
    expect(info.json.keys).toHaveLength(2);
    const list = await manage(gateway.url, "GET", "/team/list");
    expect(list.json.map((row: any) => row.team_id)).toContain(teamId);
  });

  it("enforces the team's budget across its keys", async () => {
    const team = await manage(gateway.url, "POST", "/team/new", { max_budget: 0.05 });
    const first = await createKey(gateway.url, { team_id: team.json.team_id });
    const second = await createKey(gateway.url, { team_id: team.json.team_id });
    expect((await chat(first, "pricey")).status).toBe(200); // about 0.13 USD at 0.01 per token
    const refused = await chat(second, "pricey");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("budget_exceeded");
  });
});

describe("limits", () => {
  it("refuses a key over its budget before calling the upstream", async () => {
    const key = await createKey(gateway.url, { max_budget: 0.05 });
    expect((await chat(key, "pricey")).status).toBe(200);
    const before = fake.requests.length;
    // Crossed, and not yet written to the database (batched): a burst still finds the door shut.
    const burst = await Promise.all(Array.from({ length: 100 }, () => chat(key, "pricey").then((response) => response.status)));
    expect(new Set(burst)).toEqual(new Set([429]));
    const refused = await chat(key, "pricey");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatchObject({ code: "budget_exceeded", type: "budget_exceeded" });
    expect(fake.requests.length).toBe(before);
  });

  it("holds an rpm limit under 200 concurrent requests: exactly 50 of them through", async () => {
    const key = await createKey(gateway.url, { rpm_limit: 50 });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => chat(key).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.filter((status) => status === 429)).toHaveLength(150);
    const refused = await chat(key);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await refused.json()).error.code).toBe("rate_limit_exceeded");
  });

  it("holds a tpm limit once the tokens are used", async () => {
    const key = await createKey(gateway.url, { tpm_limit: 20 });
    expect((await chat(key)).status).toBe(200); // 13 tokens
    expect((await chat(key)).status).toBe(200); // 26 >= 20 from now on
    const refused = await chat(key);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("tpm_limit_exceeded");
  });
});

describe("spend logs and model info", () => {
  it("returns LiteLLM-shaped rows filtered by key, team and date", async () => {
    const team = await manage(gateway.url, "POST", "/team/new", { team_alias: "spenders" });
    const key = await createKey(gateway.url, { team_id: team.json.team_id });
    await chat(key);
    await chat(key, "no-such-model");
    const byKey = await manage(gateway.url, "GET", `/spend/logs?api_key=${key}`);
    expect(byKey.json).toHaveLength(2);
    const [failure, success] = byKey.json;
    expect(success).toMatchObject({ model: "gpt-4o", model_group: "gpt-4o", status: "success", team_id: team.json.team_id, prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
    expect(success.api_key).toMatch(/^[0-9a-f]{64}$/);
    expect(success.model_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(success.endTime)).toBeGreaterThanOrEqual(Date.parse(success.startTime));
    expect(failure).toMatchObject({ model: "no-such-model", status: "failure", status_code: 404, spend: 0 });

    expect((await manage(gateway.url, "GET", `/spend/logs?team_id=${team.json.team_id}`)).json).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await manage(gateway.url, "GET", `/spend/logs?api_key=${key}&start_date=${today}&end_date=${today}`)).json).toHaveLength(2);
    expect((await manage(gateway.url, "GET", `/spend/logs?api_key=${key}&start_date=2000-01-01&end_date=2000-01-02`)).json).toHaveLength(0);
    expect((await manage(gateway.url, "GET", "/spend/logs?start_date=yesterday")).status).toBe(400);
  });

  it("adds spend to the key and shows it in key info", async () => {
    const key = await createKey(gateway.url);
    await chat(key, "pricey");
    await manage(gateway.url, "GET", "/spend/logs?limit=1"); // forces the batch write
    const info = await manage(gateway.url, "GET", `/key/info?key=${key}`);
    expect(info.json.info.spend).toBeCloseTo(13 * 0.01, 10);
    expect(info.json.info.last_active).not.toBeNull();
  });

  it("answers the management API only to admins", async () => {
    const plain = await createKey(gateway.url);
    expect((await manage(gateway.url, "GET", "/spend/logs", undefined, plain)).status).toBe(403);
    expect((await manage(gateway.url, "GET", "/team/list", undefined, plain)).status).toBe(403);
    const admin = await createKey(gateway.url, { user_role: "proxy_admin" });
    expect((await manage(gateway.url, "GET", "/team/list", undefined, admin)).status).toBe(200);
    expect((await manage(gateway.url, "GET", "/team/list", undefined, "sk-wrong-master-key")).status).toBe(401);
    expect((await manage(gateway.url, "GET", "/team/list", undefined, masterKey)).status).toBe(200);
  });

  it("works with the OpenAI SDK for a key made by the management API", async () => {
    const key = await createKey(gateway.url, { models: ["gpt-4o"] });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(["gpt-4o"]);
  });
});

describe("audit", () => {
  it("records every change made through the management API, with who made it", async () => {
    const team = await manage(gateway.url, "POST", "/team/new", { team_alias: "audited" });
    const key = await createKey(gateway.url, { key_alias: "audited-key", team_id: team.json.team_id });
    await manage(gateway.url, "POST", "/key/block", { key });
    await manage(gateway.url, "POST", "/key/delete", { keys: [key] });
    const { default: Database } = await import("better-sqlite3");
    const database = new Database(gateway.databasePath, { readonly: true });
    const rows = database.prepare("select actor, action, team_id as teamId from audit_log where team_id = ? order by id").all(team.json.team_id);
    database.close();
    expect(rows).toEqual([
      { actor: "master key", action: "team.created", teamId: team.json.team_id },
      { actor: "master key", action: "key.created", teamId: team.json.team_id },
      { actor: "master key", action: "key.blocked", teamId: team.json.team_id },
      { actor: "master key", action: "key.deleted", teamId: team.json.team_id },
    ]);
  });
});
