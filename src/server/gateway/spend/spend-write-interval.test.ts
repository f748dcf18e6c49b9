import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { defaultSpendWriteIntervalMs } from "../create-gateway";
import { masterKey, startHarness, type Harness } from "../testing/gateway-harness";

const configWithInterval = (seconds: number) => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream }
general_settings:
  master_key: ${masterKey}
  proxy_batch_write_at: ${seconds}
`;

/** Spend rows in the gateway's SQLite file, read over a connection of its own, as another reader would. */
function rowsInFile(harness: Harness): number {
  const file = new Database(harness.gateway.ctx.database.sqlite!.name, { readonly: true });
  try {
    return (file.prepare("select count(*) as n from spend_logs").get() as { n: number }).n;
  } finally {
    file.close();
  }
}

describe("spend write interval", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("writes on its own without proxy_batch_write_at, once a second on SQLite (200 ms on PostgreSQL, where other instances read the rows)", async () => {
    harness = await startHarness(4_096);
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
    expect(response.status).toBe(200);
    // No flush: the writer's own timer puts the row in the file within one interval.
    await expect.poll(() => rowsInFile(harness!), { timeout: 3_000, interval: 50 }).toBe(1);
    expect(defaultSpendWriteIntervalMs("sqlite")).toBe(1_000);
    expect(defaultSpendWriteIntervalMs("postgres")).toBe(200);
  });

  it("follows general_settings.proxy_batch_write_at: rows stay buffered until it comes round, and a flush writes every one", async () => {
    harness = await startHarness(4_096, { config: configWithInterval(600) });
    for (let index = 0; index < 3; index++) {
      const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
      expect(response.status).toBe(200);
    }
    // Past both defaults (200 ms, 1 s): with a ten-minute interval nothing has been written yet.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(rowsInFile(harness)).toBe(0);
    await harness.gateway.ctx.spend.flush();
    expect(rowsInFile(harness)).toBe(3);
  });

  it("writes on its own once the interval comes round", async () => {
    harness = await startHarness(4_096, { config: configWithInterval(0.05) });
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
    expect(response.status).toBe(200);
    await expect.poll(() => rowsInFile(harness!), { timeout: 2_000, interval: 20 }).toBe(1);
  });
});
