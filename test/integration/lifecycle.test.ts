import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { runGatewayExpectingExit, startGateway } from "./helpers/gateway-process";
import { startFaultUpstream } from "./helpers/fault-upstream";
import { createKey } from "./helpers/management";
import { spendRowsByStatus } from "./helpers/spend-rows";

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

describe("SIGTERM under load", () => {
  async function underLoad(graceSeconds: number, drip: string) {
    const upstream = await startFaultUpstream();
    const gateway = await startGateway({
      config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: sk-ok }
  - model_name: slow-stream
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: ${drip}, timeout: 30 }
`,
      env: { SWITCHYARD_SHUTDOWN_GRACE_SECONDS: String(graceSeconds) },
      databasePath: join(mkdtempSync(join(tmpdir(), "switchyard-drain-")), "gateway.db"), // kept after the stop
    });
    const key = await createKey(gateway.url);
    const ask = (model: string, stream: boolean) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
      }).then(async (response) => ({ status: response.status, text: await response.text().catch(() => "(cut)") }));

    // Every answer the clients received, by status; a refused connection (after the stop) is not one.
    const chatStatuses: number[] = [];
    let stopped = false;
    const chatLoop = async () => {
      while (!stopped) {
        const answer = await ask("gpt-4o", false).catch(() => undefined);
        if (!answer) return; // the listener is closed: this client goes elsewhere
        chatStatuses.push(answer.status);
      }
    };
    const streams = Array.from({ length: 12 }, () => ask("slow-stream", true));
    const loops = Array.from({ length: 6 }, chatLoop);
    await new Promise((done) => setTimeout(done, 400)); // streams and chats in flight
    const started = Date.now();
    const exitCode = await gateway.stop("SIGTERM");
    const stopMs = Date.now() - started;
    stopped = true;
    await Promise.all(loops);
    const streamAnswers = await Promise.all(streams);
    await upstream.close();
    return { exitCode, stopMs, answered: chatStatuses.length, chatStatuses, streamAnswers, rows: spendRowsByStatus(gateway.databasePath) };
  }

  it("drains requests and streams in flight, then exits 0 with a spend row for every answer", async () => {
    // Streams of 10 chunks 100 ms apart: about a second, well within the grace period.
    const result = await underLoad(10, "sk-drip-10-100");
    expect(result.exitCode).toBe(0);
    for (const answer of result.streamAnswers) {
      expect(answer.status).toBe(200);
      expect(answer.text.trimEnd().endsWith("data: [DONE]")).toBe(true); // finished, not cut
    }
    // Load was real: every one of the six loops got answers (how many depends on the machine's load).
    expect(result.answered).toBeGreaterThanOrEqual(6);
    // Every chat answered while draining, none refused: a request that reached the server finishes.
    expect(result.chatStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.rows).toEqual({ success: result.answered + result.streamAnswers.length });
  });

  it("cuts streams still running when the grace period ends, and records them as failures", async () => {
    // 60 chunks 100 ms apart: six seconds, against a grace period of one.
    const result = await underLoad(1, "sk-drip-60-100");
    expect(result.exitCode).toBe(0);
    expect(result.stopMs).toBeLessThan(5_000);
    for (const answer of result.streamAnswers) expect(answer.text).not.toContain("data: [DONE]");
    expect(result.chatStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.rows).toEqual({ success: result.answered, failure: result.streamAnswers.length });
  });
});

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
