import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { readCostMap, startCostMapServer, type CostMapServer } from "./helpers/cost-map-server";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The incident: after a cost-map reload added claude-sonnet-4-6, keys limited to anthropic/*
// were still refused it, because "models per provider" had been computed once at start.
// Here, against the running server and LiteLLM's real map copies from 2026-02-17.
let fake: FakeProviders;
let maps: CostMapServer;
let gateway: GatewayProcess;

const before = readCostMap("model_prices_2026-02-17a.json");
const after = readCostMap("model_prices_2026-02-17b.json");
// Derived from the real newer copy: one new OpenAI model and one new Gemini model.
const derived = {
  ...after,
  "gpt-9-preview": { ...after["gpt-4o"], litellm_provider: "openai" },
  "gemini/gemini-9-pro": { ...after["gemini/gemini-2.5-pro"], litellm_provider: "gemini" },
};

beforeAll(async () => {
  fake = await startFakeProviders();
  maps = await startCostMapServer();
  maps.put("before.json", before);
  maps.put("after.json", after);
  maps.put("derived.json", derived);
  const wildcard = (group: string, model: string, base: string, key: string) =>
    `  - model_name: "${group}"\n    litellm_params: { model: "${model}", api_base: "${base}", api_key: ${key} }\n`;
  gateway = await startGateway({
    config: `model_list:
${wildcard("anthropic/*", "anthropic/*", fake.url, "sk-ant-wildcard")}${wildcard("vertex_ai/*", "openai/*", `${fake.url}/v1`, "sk-vertex-standin")}${wildcard("openai/*", "openai/*", `${fake.url}/v1`, "sk-openai-wildcard")}${wildcard("gemini/*", "openai/*", `${fake.url}/v1`, "sk-gemini-standin")}`,
    env: { SWITCHYARD_COST_MAP_URL: maps.url("before.json"), SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1" },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await maps?.close();
  await fake?.close();
});

async function clientFor(models: string[]) {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { models }), maxRetries: 0 });
}

function ask(client: OpenAI, model: string) {
  return client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }).then(
    (completion) => ({ status: 200, completion, error: undefined }),
    (error) => ({ status: error.status as number, completion: undefined, error }),
  );
}

async function previewAndApply(url: string) {
  const preview = await manage(gateway.url, "POST", "/cost_map/preview", { url });
  expect(preview.status).toBe(200);
  const applied = await manage(gateway.url, "POST", "/cost_map/apply", { preview_id: preview.json.preview_id });
  expect(applied.status).toBe(200);
  return { preview: preview.json, applied: applied.json };
}

const lastUpstream = () => fake.requests[fake.requests.length - 1];

describe("a model that only the newer cost map knows", () => {
  let firstVersion: number;

  it("is refused for anthropic/* and vertex_ai/* keys before the reload, with LiteLLM's message", async () => {
    const versions = await manage(gateway.url, "GET", "/cost_map/versions");
    expect(versions.json).toHaveLength(1);
    firstVersion = versions.json[0].version_id;
    expect(versions.json[0]).toMatchObject({ active: true, model_count: 2568, source: maps.url("before.json") });

    const anthropic = await clientFor(["anthropic/*"]);
    const refused = await ask(anthropic, "claude-sonnet-4-6");
    expect(refused.status).toBe(403);
    expect(refused.error.message).toContain("This key can only access models=['anthropic/*']. Tried to access claude-sonnet-4-6.");
    expect((await ask(await clientFor(["vertex_ai/*"]), "claude-sonnet-4-6")).status).toBe(403);
    // A model the older map knows works all along.
    expect((await ask(anthropic, "claude-sonnet-4-5")).status).toBe(200);
  });

  it("is allowed and routed to the right deployment on the very next request after apply", async () => {
    const anthropic = await clientFor(["anthropic/*"]);
    const vertex = await clientFor(["vertex_ai/*"]);
    const { preview, applied } = await previewAndApply(maps.url("after.json"));
    expect(preview.summary).toEqual({ added: 10, removed: 0, changed: 0 });
    expect(preview.added).toContain("claude-sonnet-4-6");
    expect(preview.added).toContain("vertex_ai/claude-sonnet-4-6");
    expect(applied.model_count).toBe(2578);

    const viaAnthropic = await ask(anthropic, "claude-sonnet-4-6");
    expect(viaAnthropic.status).toBe(200);
    expect(lastUpstream().url).toBe("/v1/messages");
    expect(lastUpstream().headers["x-api-key"]).toBe("sk-ant-wildcard");
    expect(lastUpstream().body.model).toBe("claude-sonnet-4-6");

    expect((await ask(vertex, "claude-sonnet-4-6")).status).toBe(200);
    expect(lastUpstream().headers.authorization).toBe("Bearer sk-vertex-standin");
    expect(lastUpstream().body.model).toBe("claude-sonnet-4-6");

    const listed = (await anthropic.models.list()).data.map((model) => model.id);
    expect(listed).toContain("anthropic/claude-sonnet-4-6");
    expect(listed.every((id) => id.startsWith("anthropic/"))).toBe(true);
  });

  it("is refused again after a rollback, and allowed again after rolling forward", async () => {
    const anthropic = await clientFor(["anthropic/*"]);
    const versions = (await manage(gateway.url, "GET", "/cost_map/versions")).json;
    const newer = versions.find((version: any) => version.active).version_id;
    expect((await manage(gateway.url, "POST", "/cost_map/rollback", { version_id: firstVersion })).status).toBe(200);
    expect((await ask(anthropic, "claude-sonnet-4-6")).status).toBe(403);
    expect((await ask(await clientFor(["vertex_ai/*"]), "claude-sonnet-4-6")).status).toBe(403);
    expect((await anthropic.models.list()).data.map((model) => model.id)).not.toContain("anthropic/claude-sonnet-4-6");
    expect((await manage(gateway.url, "POST", "/cost_map/rollback", { version_id: newer })).status).toBe(200);
    expect((await ask(anthropic, "claude-sonnet-4-6")).status).toBe(200);
  });

  it("works the same for openai/* and gemini/* with maps derived from the real copies", async () => {
    const openai = await clientFor(["openai/*"]);
    const gemini = await clientFor(["gemini/*"]);
    expect((await ask(openai, "gpt-9-preview")).status).toBe(403);
    expect((await ask(gemini, "gemini-9-pro")).status).toBe(403);
    const { preview } = await previewAndApply(maps.url("derived.json"));
    expect(preview.added).toEqual(["gemini/gemini-9-pro", "gpt-9-preview"]);

    expect((await ask(openai, "gpt-9-preview")).status).toBe(200);
    expect(lastUpstream().headers.authorization).toBe("Bearer sk-openai-wildcard");
    expect(lastUpstream().body.model).toBe("gpt-9-preview");
    expect((await ask(gemini, "gemini-9-pro")).status).toBe(200);
    expect(lastUpstream().headers.authorization).toBe("Bearer sk-gemini-standin");
    expect(lastUpstream().body.model).toBe("gemini-9-pro");
    // Patterns stay anchored: openai/* never reaches Anthropic's model.
    expect((await ask(openai, "claude-sonnet-4-6")).status).toBe(403);
  });

  it("answers the rule tester with the same policy, the rule that decided and the route", async () => {
    const check = (body: object) => manage(gateway.url, "POST", "/model_access/check", body).then(({ json }) => json);
    const allowed = await check({ model: "claude-sonnet-4-6", models: ["openai/gpt-4o*", "anthropic/*"] });
    expect(allowed).toMatchObject({
      allowed: true,
      rules: [{ level: "key", entry: "anthropic/*", via: "pattern", matched_name: "anthropic/claude-sonnet-4-6" }],
      route: { model_group: "anthropic/*", model: "claude-sonnet-4-6" },
    });
    expect(allowed.names).toContain("vertex_ai/claude-sonnet-4-6");
    const refused = await check({ model: "gpt-4o-mini-tts", models: ["gpt-*-mini"] });
    expect(refused).toMatchObject({ allowed: false, denied_by: "key", rules: [] });
    const team = await manage(gateway.url, "POST", "/team/new", { models: ["openai/*"] });
    const byTeam = await check({ model: "claude-sonnet-4-6", models: ["*"], team_id: team.json.team_id });
    expect(byTeam).toMatchObject({ allowed: false, denied_by: "team" });
  });

  it("prices spend with the version that was active, and records it", async () => {
    const anthropic = await clientFor(["anthropic/*"]);
    const key = anthropic.apiKey;
    await ask(anthropic, "claude-sonnet-4-6");
    const active = (await manage(gateway.url, "GET", "/cost_map/versions")).json.find((version: any) => version.active);
    const [row] = (await manage(gateway.url, "GET", `/spend/logs?api_key=${key}`)).json;
    expect(row).toMatchObject({ model: "claude-sonnet-4-6", status: "success", unpriced: false, cost_map_version: active.version_id });
    expect(row.spend).toBeCloseTo(12 * 3e-6 + 6 * 1.5e-5, 12);
  });
});
