import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// Stored provider credentials on the real production server: added through the management API,
// named by a deployment in config.yaml, sent upstream by the official OpenAI SDK's requests,
// rotated and deleted with effect on the very next request; sealed on disk, never answered back
// and never written to the process's output (logged at trace level, the most it ever logs).

const saltKey = "integration-salt-key-0123456789";
const secret = "sk-proj-integration-credential-secret-AAAA1111";
const rotated = "sk-proj-integration-credential-secret-BBBB2222";

let fake: FakeProviders;
let gateway: GatewayProcess;
let client: OpenAI;
// Ours, so the gateway can restart on it (startGateway removes only the databases it made).
const directory = mkdtempSync(join(tmpdir(), "switchyard-credentials-"));
const databasePath = join(directory, "switchyard.db");
const outputs: string[] = [];

const config = (fakeUrl: string) => `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_base: "${fakeUrl}/v1"
      litellm_credential_name: prod-openai
`;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({ config: config(fake.url), databasePath, env: { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_LOG_LEVEL: "trace" } });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { key_alias: "app" }), maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function ask(): Promise<string | null> {
  const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
  return completion.choices[0].message.content;
}

async function askExpectingError(): Promise<APIError> {
  try {
    await ask();
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error("the request succeeded");
}

const upstreamKey = () => fake.requests.at(-1)?.headers.authorization;

/** Every byte SQLite wrote for this gateway: the database file and its write-ahead log. */
function databaseBytes(): string {
  return [databasePath, `${databasePath}-wal`]
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString("latin1"))
    .join("");
}

async function call(method: "PATCH" | "DELETE", path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe("a stored credential named by a deployment", () => {
  it("answers a clear 503 while the credential does not exist", async () => {
    const error = await askExpectingError();
    expect(error.status).toBe(503);
    expect(error.code).toBe("credential_missing");
    expect(error.message).toContain('credential "prod-openai", which does not exist');
    expect(fake.requests).toHaveLength(0);
  });

  it("is created through the management API and its key reaches the upstream", async () => {
    const created = await manage(gateway.url, "POST", "/credentials", {
      credential_name: "prod-openai",
      credential_values: { api_key: secret },
      credential_info: { custom_llm_provider: "openai", description: "integration" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ success: true, credential: { credential_name: "prod-openai", credential_values: { api_key: "sk-...1111" } } });
    expect(await ask()).toBe("echo: hi");
    expect(upstreamKey()).toBe(`Bearer ${secret}`);
  });

  it("is listed by name and masked hint, never by value", async () => {
    const response = await fetch(`${gateway.url}/credentials`, { headers: { authorization: `Bearer ${masterKey}` } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(3, -4));
    expect(JSON.parse(text).credentials).toEqual([
      expect.objectContaining({
        credential_name: "prod-openai",
        credential_values: { api_key: "sk-...1111" },
        credential_info: { custom_llm_provider: "openai", description: "integration" },
        used_by_models: ["gpt-4o"],
      }),
    ]);
    const byName = await manage(gateway.url, "GET", "/credentials/by_name/prod-openai");
    expect(JSON.stringify(byName.json)).not.toContain(secret);
  });

  it("is sealed in the SQLite file: neither the database nor its log holds the key", () => {
    const bytes = databaseBytes();
    expect(bytes).toContain("prod-openai");
    expect(bytes).not.toContain(secret);
    expect(bytes).not.toContain(secret.slice(8, 30));
    const database = new Sqlite(databasePath, { readonly: true, fileMustExist: true });
    try {
      const rows = database.prepare("select * from credentials").all() as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(1);
      expect(rows[0].sealed_values).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{40,}$/);
      expect(JSON.stringify(rows)).not.toContain(secret);
    } finally {
      database.close();
    }
  });

  it("rotates: the next request sends the new key", async () => {
    const updated = await call("PATCH", "/credentials/prod-openai", { credential_values: { api_key: rotated } });
    expect(updated.status).toBe(200);
    expect(JSON.stringify(updated.json)).not.toContain(rotated);
    expect(await ask()).toBe("echo: hi");
    expect(upstreamKey()).toBe(`Bearer ${rotated}`);
    expect(databaseBytes()).not.toContain(rotated);
  });

  it("is deleted: the next request answers 503 credential_missing in OpenAI's shape, and nothing goes upstream", async () => {
    expect((await call("DELETE", "/credentials/prod-openai")).status).toBe(200);
    const sent = fake.requests.length;
    const error = await askExpectingError();
    expect(error.status).toBe(503);
    expect(error.code).toBe("credential_missing");
    expect(error.type).toBe("server_error");
    expect(fake.requests).toHaveLength(sent);
    expect((await call("DELETE", "/credentials/prod-openai")).status).toBe(404);
  });

  it("survives a restart, and a gateway with another salt key cannot use it", async () => {
    expect((await manage(gateway.url, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } })).status).toBe(200);
    outputs.push(gateway.output());
    await gateway.stop();
    gateway = await startGateway({ config: config(fake.url), databasePath, env: { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_LOG_LEVEL: "trace" } });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: masterKey, maxRetries: 0 });
    expect(await ask()).toBe("echo: hi");
    expect(upstreamKey()).toBe(`Bearer ${secret}`);
    outputs.push(gateway.output());
    await gateway.stop();

    gateway = await startGateway({ config: config(fake.url), databasePath, env: { SWITCHYARD_SALT_KEY: "a-different-salt-key-0000", SWITCHYARD_LOG_LEVEL: "trace" } });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: masterKey, maxRetries: 0 });
    const error = await askExpectingError();
    expect(error.status).toBe(503);
    expect(error.code).toBe("credential_unusable");
    expect(error.message).toContain("SWITCHYARD_SALT_KEY_PREVIOUS");
    outputs.push(gateway.output());
    await gateway.stop();

    gateway = await startGateway({ config: config(fake.url), databasePath, env: { SWITCHYARD_LOG_LEVEL: "trace" } });
    const refused = await manage(gateway.url, "POST", "/credentials", { credential_name: "other", credential_values: { api_key: rotated } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "salt_key_missing", message: expect.stringContaining("SWITCHYARD_SALT_KEY") });
  });

  it("never appears in the process's output", () => {
    const everything = [...outputs, gateway.output()].join("\n");
    expect(everything).toContain("listening on"); // the output was captured
    for (const value of [secret, rotated, secret.slice(8, 30), rotated.slice(8, 30)]) expect(everything).not.toContain(value);
  });
});
