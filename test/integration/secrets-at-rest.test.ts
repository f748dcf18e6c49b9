import { readFileSync, readdirSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultUpstream, type FaultUpstream } from "./helpers/fault-upstream";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { untilSpendWritten } from "./helpers/spend-rows";

// Where secrets may not end up: the database file (virtual keys are kept as hashes only), the
// logs (even at trace level), and any answer (errors included).
const upstreamKey = "sk-upstream-secret-4242";
let upstream: FaultUpstream;
let gateway: GatewayProcess;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  gateway = await startGateway({
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.url}/v1", api_key: ${upstreamKey} }
  - model_name: broken
    litellm_params: { model: openai/gpt-4o, api_base: "${upstream.refusedUrl}/v1", api_key: ${upstreamKey} }
`,
    env: { SWITCHYARD_LOG_LEVEL: "trace", SWITCHYARD_SALT_KEY: "a-salt-key-that-must-stay-put" },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

/** Every byte of the SQLite database: the file, its WAL and its shared memory. */
function databaseBytes(): string {
  const folder = dirname(gateway.databasePath);
  return readdirSync(folder)
    .filter((name) => name.startsWith("switchyard.db"))
    .map((name) => readFileSync(`${folder}/${name}`).toString("latin1"))
    .join("");
}

describe("secrets", () => {
  it("keep virtual keys only as hashes, and never log or echo a key", async () => {
    const keys = [await createKey(gateway.url, { key_alias: "first" }), await createKey(gateway.url, { key_alias: "second" })];
    const answers: string[] = [];
    for (const key of keys) {
      for (const model of ["gpt-4o", "broken", "no-such-model"]) {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
        });
        answers.push(await response.text());
      }
      answers.push(JSON.stringify((await manage(gateway.url, "GET", `/key/info?key=${key}`)).json));
    }
    // A wrong key, and the master key used where it is fine: nothing about either in the answers.
    answers.push(await (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${keys[0]}x` } })).text());
    await untilSpendWritten(gateway.url); // so the file holds the spend rows too
    // The admin routes that list keys, spend and deployments: each must answer, and carry no secret.
    for (const path of ["/spend/logs", "/team/list", "/model/info", "/credentials"]) {
      const listed = await manage(gateway.url, "GET", path);
      expect(listed.status, path).toBe(200);
      answers.push(JSON.stringify(listed.json));
    }

    const stored = databaseBytes();
    const logged = gateway.output();
    expect(stored).toContain("second"); // the right file: the alias is there in plain text, the key is not
    for (const key of keys) {
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(3)); // not even without its prefix
      expect(logged).not.toContain(key);
    }
    for (const secret of [masterKey, "a-salt-key-that-must-stay-put"]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
      for (const answer of answers) expect(answer).not.toContain(secret);
    }
    for (const answer of answers) expect(answer).not.toContain(upstreamKey);
    expect(logged).not.toContain(upstreamKey);
    expect(logged.length).toBeGreaterThan(0); // trace logging did happen
  });
});
