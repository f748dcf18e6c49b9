import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { readCostMap, startCostMapServer, type CostMapServer } from "./helpers/cost-map-server";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

let fake: FakeProviders;
let maps: CostMapServer;
let gateway: GatewayProcess;
const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-cost-map-")), "gateway.db");
const older = readCostMap("model_prices_2026-02-21_3bd228e.json");
const newer = readCostMap("model_prices_2026-02-23_268da23.json");

const config = () => `
model_list:
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-reload }
  - model_name: in-house
    litellm_params: { model: hosted_vllm/in-house-llm, api_base: "${fake.url}/v1" }
  - model_name: sonnet-us
    litellm_params: { model: anthropic/us/claude-sonnet-4-6, api_base: "${fake.url}", api_key: sk-ant-reload }
`;

beforeAll(async () => {
  fake = await startFakeProviders();
  maps = await startCostMapServer();
  maps.put("older.json", older);
  maps.put("newer.json", newer);
  gateway = await startGateway({ config: config(), databasePath, env: { SWITCHYARD_COST_MAP_URL: maps.url("older.json"), SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1" } });
});

afterAll(async () => {
  await gateway?.stop();
  await maps?.close();
  await fake?.close();
});

const versions = async () => (await manage(gateway.url, "GET", "/cost_map/versions")).json;
const chat = (key: string, model: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });

describe("preview", () => {
  it("diffs the real 02-21 and 02-23 copies: 6 removed, 14 changed, with old -> new values", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("newer.json") });
    expect(status).toBe(200);
    expect(json.summary).toEqual({ added: 0, removed: 6, changed: 14 });
    expect(json.removed).toContain("us/claude-sonnet-4-6");
    const gemini = json.changed.find((change: any) => change.model === "gemini-3-pro-preview");
    expect(gemini.fields.input_cost_per_token_priority).toEqual({ old: null, new: 3.6e-6 });
    // The config prices sonnet-us with a model this map removes: flagged for a human.
    expect(json.flags).toContainEqual({ kind: "removed_in_use", model: "us/claude-sonnet-4-6" });
    expect(json.base_version_id).toBe((await versions()).find((version: any) => version.active).version_id);
    // A preview changes nothing until applied, and can be discarded.
    expect(await versions()).toHaveLength(1);
    expect((await manage(gateway.url, "POST", "/cost_map/discard", { preview_id: json.preview_id })).status).toBe(200);
    expect((await manage(gateway.url, "POST", "/cost_map/apply", { preview_id: json.preview_id })).status).toBe(404);
  });

  it("accepts an uploaded map as content", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { content: newer });
    expect(status).toBe(200);
    expect(json.source).toBe("upload");
    expect(json.summary.removed).toBe(6);
  });
});

describe("bad maps are refused and change nothing", () => {
  // A URL an admin typed gets one message per kind of failure: what it answered (or which socket
  // error came back) stays in the log, as it could be an internal page. Uploads keep their reason.
  const cases: Array<[string, unknown, string]> = [
    ["not-json", "{ this is not json", "invalid_cost_map"],
    ["an-array", [1, 2, 3], "invalid_cost_map"],
    ["a-negative-price", { ...older, "gpt-4o": { ...older["gpt-4o"], input_cost_per_token: -1 } }, "invalid_cost_map"],
    ["a-suspicious-shrink", Object.fromEntries(Object.entries(older).slice(0, 100)), "invalid_cost_map"],
    ["not-litellm", { secret: { x: 1 } }, "invalid_cost_map"],
  ];
  for (const [name, body, code] of cases) {
    it(`refuses ${name} with 422 and the one generic message`, async () => {
      const before = await versions();
      maps.put(`bad-${name}.json`, body);
      const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url(`bad-${name}.json`) });
      expect(status).toBe(422);
      expect(json.error).toEqual({ message: "The source is not a valid LiteLLM cost map", type: "invalid_request_error", param: "url", code });
      expect(await versions()).toEqual(before);
    });
  }

  it("refuses an uploaded map with the reason", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { content: { ...older, "gpt-4o": { ...older["gpt-4o"], input_cost_per_token: -1 } } });
    expect(status).toBe(422);
    expect(json.error.message).toMatch(/gpt-4o\.input_cost_per_token = -1/);
  });

  it("checks every redirect: an allowed host cannot send the fetch to another loopback address", async () => {
    maps.put("real.json", newer);
    maps.redirect("to-v6-loopback.json", "http://[::1]/real.json");
    maps.redirect("to-file.json", "file:///etc/passwd");
    for (const name of ["to-v6-loopback.json", "to-file.json"]) {
      const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url(name) });
      expect(status).toBe(422);
      expect(json.error.message).toMatch(/^Could not fetch the cost map source/);
    }
    maps.redirect("moved.json", maps.url("real.json"));
    const moved = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("moved.json") });
    expect(moved.status).toBe(200);
    await manage(gateway.url, "POST", "/cost_map/discard", { preview_id: moved.json.preview_id });
  });

  it("retries a source that fails, then reports it without the status", async () => {
    maps.put("gone.json", "server error", 500);
    const { status, json } = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("gone.json") });
    expect(status).toBe(422);
    expect(json.error.code).toBe("cost_map_source_unavailable");
    expect(json.error.message).toMatch(/^Could not fetch the cost map source/);
    expect(json.error.message).not.toContain("500");
    expect(maps.hits("gone.json")).toBe(3);
  });
});

describe("apply", () => {
  it("never disturbs requests in flight: 300 concurrent requests across four switches all succeed", async () => {
    const key = await createKey(gateway.url);
    const newerPreview = (await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("newer.json") })).json;
    const olderId = (await versions()).find((version: any) => version.active).version_id;
    const requests = Array.from({ length: 300 }, () => chat(key, "claude").then((response) => response.status));
    const switches = (async () => {
      expect((await manage(gateway.url, "POST", "/cost_map/apply", { preview_id: newerPreview.preview_id })).status).toBe(200);
      for (const versionId of [olderId, newerPreview.preview_id, olderId]) {
        expect((await manage(gateway.url, "POST", "/cost_map/rollback", { version_id: versionId })).status).toBe(200);
      }
    })();
    const [statuses] = await Promise.all([Promise.all(requests), switches]);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it("marks spend it cannot price as unpriced, not $0", async () => {
    const key = await createKey(gateway.url);
    expect((await chat(key, "in-house")).status).toBe(200);
    const [row] = (await manage(gateway.url, "GET", `/spend/logs?api_key=${key}`)).json;
    expect(row).toMatchObject({ model: "in-house", status: "success", unpriced: true, spend: 0 });
  });

  it("is for admins only", async () => {
    const key = await createKey(gateway.url);
    expect((await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("newer.json") }, key)).status).toBe(403);
    expect((await manage(gateway.url, "GET", "/cost_map/versions", undefined, key)).status).toBe(403);
  });
});

describe("LiteLLM's endpoints", () => {
  it("reloads from the configured source in one call", async () => {
    await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("newer.json") }).then(({ json }) =>
      manage(gateway.url, "POST", "/cost_map/apply", { preview_id: json.preview_id }),
    );
    const { status, json } = await manage(gateway.url, "POST", "/reload/model_cost_map");
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "success", models_count: 2595, source: maps.url("older.json") });
    expect((await versions()).find((version: any) => version.active).version_id).toBe(json.version_id);
  });

  it("schedules, reports and cancels periodic reloads, and names the source", async () => {
    const scheduled = await manage(gateway.url, "POST", "/schedule/model_cost_map_reload?hours=6");
    expect(scheduled.json).toMatchObject({ status: "success", interval_hours: 6 });
    const status = (await manage(gateway.url, "GET", "/schedule/model_cost_map_reload/status")).json;
    expect(status.scheduled).toBe(true);
    expect(Date.parse(status.next_run) - Date.now()).toBeGreaterThan(5.9 * 3_600_000);
    expect(status.last_run).not.toBeNull();
    expect((await fetchDelete("/schedule/model_cost_map_reload")).status).toBe(200);
    expect((await manage(gateway.url, "GET", "/schedule/model_cost_map_reload/status")).json.scheduled).toBe(false);
    expect((await manage(gateway.url, "POST", "/schedule/model_cost_map_reload?hours=0")).status).toBe(400);

    const source = (await manage(gateway.url, "GET", "/model/cost_map/source")).json;
    expect(source).toMatchObject({ source: "remote", url: maps.url("older.json"), is_env_set: true });
  });
});

describe("restart", () => {
  it("keeps the admin's active version rather than reloading the configured source", async () => {
    const { json: preview } = await manage(gateway.url, "POST", "/cost_map/preview", { url: maps.url("newer.json") });
    await manage(gateway.url, "POST", "/cost_map/apply", { preview_id: preview.preview_id });
    const activeBefore = (await versions()).find((version: any) => version.active);
    await gateway.stop();
    gateway = await startGateway({ config: config(), databasePath, env: { SWITCHYARD_COST_MAP_URL: maps.url("older.json"), SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1" } });
    const after = await versions();
    expect(after.find((version: any) => version.active)).toEqual(activeBefore);
    expect(after.length).toBeGreaterThanOrEqual(3);
  });
});

function fetchDelete(path: string) {
  return fetch(gateway.url + path, { method: "DELETE", headers: { authorization: "Bearer sk-test-master-key-0123456789" } });
}
