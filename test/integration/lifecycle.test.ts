import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { runGatewayExpectingExit, startGateway } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake?.close();
});

const config = () => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-1 }
`;

function chat(url: string, key: string, stream = false) {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", stream, messages: [{ role: "user", content: "hi" }] }),
  }).then(async (response) => ({ status: response.status, text: await response.text() }));
}

describe("shutdown and restart", () => {
  it("writes every spend row on SIGTERM and keeps keys across a restart", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-restart-")), "gateway.db");
    const first = await startGateway({ config: config(), databasePath });
    const key = await createKey(first.url, { key_alias: "survivor" });

    const requests = 150;
    const results = await Promise.all(Array.from({ length: requests }, (_, index) => chat(first.url, key, index % 3 === 0)));
    expect(results.every((result) => result.status === 200)).toBe(true);
    // Straight to SIGTERM: the rows are still in the batch buffer, and must not be lost.
    expect(await first.stop("SIGTERM")).toBe(0);

    const database = new Database(databasePath, { readonly: true });
    const { rows } = database.prepare("select count(*) as rows from spend_logs where status = 'success'").get() as { rows: number };
    const { spend } = database.prepare("select spend from virtual_keys where key_alias = 'survivor'").get() as { spend: number };
    database.close();
    expect(rows).toBe(requests);
    expect(spend).toBeGreaterThan(0);

    const second = await startGateway({ config: config(), databasePath });
    try {
      expect((await chat(second.url, key)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe("start-up", () => {
  it("stops with one clear message naming the file, the YAML path and the problem", async () => {
    const { code, output } = await runGatewayExpectingExit(`
model_list:
  - model_name: a
    litellm_params: { model: openai/gpt-4o }
  - model_name: b
    litellm_params: { model: openai/gpt-4o, rpm: -5 }
  - model_name: c
    litellm_params: { model: nosuchprovider/x }
  - model_name: d
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/SWITCHYARD_TEST_UNSET_VARIABLE }
`);
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid config .*config\.yaml/);
    expect(output).toContain("model_list[1].litellm_params.rpm");
    expect(output).toContain("model_list[2].litellm_params.model");
    expect(output).toContain("SWITCHYARD_TEST_UNSET_VARIABLE");
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("warns about unknown keys and starts anyway", async () => {
    const gateway = await startGateway({ config: `${config()}\nlitellm_settings: { drop_params: true }\nrouter_settings: { frobnicate: 1 }\n` });
    try {
      expect(gateway.output()).toContain("router_settings.frobnicate");
      expect((await fetch(`${gateway.url}/health/liveliness`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});
