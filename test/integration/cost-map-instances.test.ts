import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { readCostMap, startCostMapServer, type CostMapServer } from "./helpers/cost-map-server";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// Two gateway processes on one database: a version applied on one is used by the other within
// a second, with no restart and no message between them.
let fake: FakeProviders;
let maps: CostMapServer;
let first: GatewayProcess;
let second: GatewayProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  maps = await startCostMapServer();
  maps.put("before.json", readCostMap("model_prices_2026-02-17a.json"));
  maps.put("after.json", readCostMap("model_prices_2026-02-17b.json"));
  const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-instances-")), "shared.db");
  const config = `model_list:\n  - model_name: "anthropic/*"\n    litellm_params: { model: "anthropic/*", api_base: "${fake.url}", api_key: sk-ant-shared }\n`;
  const env = { SWITCHYARD_COST_MAP_URL: maps.url("before.json"), SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1" };
  first = await startGateway({ config, databasePath, env });
  second = await startGateway({ config, databasePath, env });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await maps?.close();
  await fake?.close();
});

it("a cost-map version applied on one instance is used by the other within a second", async () => {
  const key = await createKey(first.url, { models: ["anthropic/*"] });
  const onSecond = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: key, maxRetries: 0 });
  const ask = () =>
    onSecond.chat.completions.create({ model: "claude-sonnet-4-6", messages: [{ role: "user", content: "hi" }] }).then(
      () => 200,
      (error) => error.status,
    );
  expect(await ask()).toBe(403);

  const preview = await manage(first.url, "POST", "/cost_map/preview", { url: maps.url("after.json") });
  expect((await manage(first.url, "POST", "/cost_map/apply", { preview_id: preview.json.preview_id })).status).toBe(200);
  const applied = Date.now();
  let status = await ask();
  while (status !== 200 && Date.now() - applied < 3_000) {
    await new Promise((done) => setTimeout(done, 50));
    status = await ask();
  }
  expect(status).toBe(200);
  expect(Date.now() - applied).toBeLessThan(1_500);
});
