import Sqlite from "better-sqlite3";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { manage } from "./helpers/management";

// A stored provider key goes only to the endpoint it was saved with. Whoever can edit a
// credential but does not know its key must not be able to point it at their own host: two fake
// providers stand for the real endpoint ("home") and the attacker's ("elsewhere"), and each
// records the Authorization header it receives. (Removing the api_base, which would fall back to
// the provider's public default, is refused the same way; the store's unit test covers it, so
// that nothing here could reach beyond 127.0.0.1 even on code without the rule.)

const saltKey = "endpoint-test-salt-key-0123456789";
const secret = "sk-proj-endpoint-secret-AAAA1111";
const newSecret = "sk-proj-endpoint-secret-CCCC3333";

let home: FakeProviders;
let elsewhere: FakeProviders;
let gateway: GatewayProcess;
let client: OpenAI;

// The deployment names no api_base of its own, so the credential's decides where requests go.
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      litellm_credential_name: moving
`;

beforeAll(async () => {
  [home, elsewhere] = await Promise.all([startFakeProviders(), startFakeProviders()]);
  // Both fake providers listen on 127.0.0.1, an address a stored endpoint reaches only when allowed.
  gateway = await startGateway({ config, env: { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "127.0.0.1" } });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: masterKey, maxRetries: 0 });
  const created = await manage(gateway.url, "POST", "/credentials", { credential_name: "moving", credential_values: { api_key: secret, api_base: `${home.url}/v1` } });
  expect(created.status).toBe(200);
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([home?.close(), elsewhere?.close()]);
});

async function patch(values: Record<string, string | null>, info?: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const response = await fetch(`${gateway.url}/credentials/moving`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: JSON.stringify({ credential_values: values, ...(info && { credential_info: info }) }),
  });
  return { status: response.status, json: await response.json() };
}

async function ask(): Promise<void> {
  await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
}

const authorizations = (fake: FakeProviders) => fake.requests.map((request) => request.headers.authorization);

function credentialAudit(): Array<Record<string, unknown>> {
  const database = new Sqlite(gateway.databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = database.prepare("select details from audit_log where action = 'credential.updated' order by id").all() as Array<{ details: string }>;
    return rows.map((row) => JSON.parse(row.details));
  } finally {
    database.close();
  }
}

describe("moving a stored credential's endpoint", () => {
  it("sends the key home before any change", async () => {
    await ask();
    expect(authorizations(home)).toEqual([`Bearer ${secret}`]);
  });

  it("refuses a new api_base without the key, in OpenAI's error shape, and the key stays home", async () => {
    const refused = await patch({ api_base: `${elsewhere.url}/v1` });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ type: "invalid_request_error", code: "credential_secret_required", param: "credential_values.api_key" });
    expect(refused.json.error.message).toContain("api_base");
    expect(refused.json.error.message).toContain("send api_key again");
    await ask();
    expect(elsewhere.requests).toHaveLength(0);
    expect(authorizations(home).at(-1)).toBe(`Bearer ${secret}`);
  });

  it("does not take the masked hint as the key sent again", async () => {
    const refused = await patch({ api_base: `${elsewhere.url}/v1`, api_key: "sk-...1111" });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("credential_secret_required");
  });

  it("lets changes that keep the endpoint through without the key", async () => {
    expect((await patch({ api_version: "2024-10-21", organization: "org-1" }, { description: "same host" })).status).toBe(200);
    await ask();
    expect(authorizations(home).at(-1)).toBe(`Bearer ${secret}`);
    expect(credentialAudit().at(-1)).not.toHaveProperty("endpoint_changed");
  });

  it("moves with the key sent again, and the old key never reaches the new host", async () => {
    const moved = await patch({ api_base: `${elsewhere.url}/v1`, api_key: newSecret });
    expect(moved.status).toBe(200);
    expect(JSON.stringify(moved.json)).not.toContain(newSecret);
    await ask();
    expect(authorizations(elsewhere)).toEqual([`Bearer ${newSecret}`]);
  });

  it("records the moved endpoint in the audit log by field name, never a value", () => {
    const last = credentialAudit().at(-1);
    expect(last).toMatchObject({ mode: "merge", endpoint_changed: ["api_base"], values: expect.arrayContaining(["api_base", "api_key"]) });
    const everything = JSON.stringify(credentialAudit());
    for (const value of [secret, newSecret, home.url, elsewhere.url]) expect(everything).not.toContain(value);
  });
});
