import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The built-in map is LiteLLM's full map of 2026-07-24, and reloads come from LiteLLM's published
// URL. No test here reaches outside: the first gateway never reloads, and the second stands in for
// "no network" with SWITCHYARD_COST_MAP_URL on a closed loopback port.
const builtinText = readFileSync(resolve(__dirname, "../../builtin-cost-map/model_prices_and_context_window.json"), "utf8");
const builtin = JSON.parse(builtinText) as Record<string, { input_cost_per_token: number; output_cost_per_token: number }>;
const litellmUrl = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";

let fake: FakeProviders;
let offline: GatewayProcess;
let unreachable: GatewayProcess;
let closedUrl: string;

/** A loopback port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

beforeAll(async () => {
  fake = await startFakeProviders();
  // A vertex_ai/* group served by the fake OpenAI server, as the incident test stands it in.
  const config = `model_list:\n  - model_name: "vertex_ai/*"\n    litellm_params: { model: "openai/*", api_base: "${fake.url}/v1", api_key: sk-vertex-standin }\n`;
  offline = await startGateway({ config });
  closedUrl = `http://127.0.0.1:${await closedPort()}/model_prices_and_context_window.json`;
  unreachable = await startGateway({ config, env: { SWITCHYARD_COST_MAP_URL: closedUrl } });
});

afterAll(async () => {
  await offline?.stop();
  await unreachable?.stop();
  await fake?.close();
});

describe("a fresh gateway without SWITCHYARD_COST_MAP_URL", () => {
  it("starts on the built-in map, stored as committed, and names LiteLLM's published map as its reload source", async () => {
    expect((await manage(offline.url, "GET", "/model/cost_map/source")).json).toEqual({
      source: "remote",
      url: litellmUrl,
      is_env_set: false,
      active_version_id: 1,
      active_source: "builtin",
      model_count: 2_983,
    });
    const [version] = (await manage(offline.url, "GET", "/cost_map/versions")).json;
    expect(version).toMatchObject({ version_id: 1, source: "builtin", created_by: "startup", model_count: 2_983 });
    expect(version.content_hash).toBe(createHash("sha256").update(builtinText).digest("hex"));
  });

  it("resolves a bare name under vertex_ai/* against the whole map, and prices it", async () => {
    const key = await createKey(offline.url, { models: ["vertex_ai/*"] });
    const client = new OpenAI({ baseURL: `${offline.url}/v1`, apiKey: key, maxRetries: 0 });
    await client.chat.completions.create({ model: "gemini-2.5-pro", messages: [{ role: "user", content: "hi" }] });
    expect(fake.requests.at(-1)!.body.model).toBe("gemini-2.5-pro");

    const [row] = (await manage(offline.url, "GET", `/spend/logs?api_key=${key}`)).json;
    expect(row).toMatchObject({ model: "gemini-2.5-pro", status: "success", unpriced: false, cost_map_version: 1 });
    const price = builtin["gemini-2.5-pro"];
    expect(row.spend).toBeCloseTo(row.prompt_tokens * price.input_cost_per_token + row.completion_tokens * price.output_cost_per_token, 12);
    expect(row.spend).toBeGreaterThan(0);
  });
});

describe("a reload source that cannot be reached, as LiteLLM's URL is without network", () => {
  it("started on the built-in map and said why", async () => {
    expect(unreachable.output()).toContain(`could not load the cost map from ${closedUrl}: ECONNREFUSED: connection refused (after 3 attempts); starting with the built-in map`);
    expect((await manage(unreachable.url, "GET", "/model/cost_map/source")).json).toMatchObject({ url: closedUrl, is_env_set: true, active_version_id: 1, active_source: "builtin" });
  });

  it("fails the reload with the reason, and the active version stays", async () => {
    const message = `Could not load the cost map from ${closedUrl}: ECONNREFUSED: connection refused (after 3 attempts). The active version 1 (2,983 models) stays.`;
    const { status, json } = await manage(unreachable.url, "POST", "/reload/model_cost_map");
    expect(status).toBe(422);
    expect(json.error).toEqual({ message, type: "invalid_request_error", param: "url", code: "cost_map_source_unavailable" });
    expect((await manage(unreachable.url, "GET", "/model/cost_map/source")).json).toMatchObject({ active_version_id: 1, model_count: 2_983 });
    expect((await manage(unreachable.url, "GET", "/cost_map/versions")).json).toHaveLength(1);
    expect((await manage(unreachable.url, "GET", "/schedule/model_cost_map_reload/status")).json.last_error).toBe(message);
  });
});
