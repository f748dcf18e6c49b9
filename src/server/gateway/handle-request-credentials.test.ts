import { afterEach, describe, expect, it } from "vitest";
import { changeSchema } from "../redis/change";
import { OutboundAllowList } from "../security/outbound-address";
import { endpointRefusedMessage } from "./credentials/check-endpoint";
import { applyChange } from "./fleet/apply-change";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// Stored credentials through the whole gateway (no server): the management API stores them, a
// deployment naming one sends its current value upstream, and every answer hides it.

const saltKeys = ["handle-request-salt-key-0001"];
const secret = "sk-proj-stored-credential-secret-0001";
const rotated = "sk-proj-stored-credential-secret-0002";

const config = `
model_list:
  - model_name: stored-model
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: prod-openai }
  - model_name: azure-stored
    litellm_params: { model: azure/gpt-4o-eu, litellm_credential_name: azure-eu }
general_settings:
  master_key: ${masterKey}
`;

const harnesses: Harness[] = [];
async function start(options: { saltKeys?: string[]; databaseUrl?: string; credentialAllowedHosts?: OutboundAllowList } = { saltKeys }): Promise<Harness> {
  const harness = await startHarness(20_000, { config, ...options });
  harnesses.push(harness);
  return harness;
}

afterEach(async () => {
  for (const harness of harnesses.splice(0).reverse()) await harness.close();
});

const chat = (harness: Harness, model = "stored-model") => harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model, messages: [{ role: "user", content: "hi" }] } });
const manage = (harness: Harness, method: string, path: string, body?: object) => harness.call(method, path, { key: masterKey, body });
const sentKey = (harness: Harness) => harness.sent.at(-1)?.headers.authorization ?? harness.sent.at(-1)?.headers["api-key"];

describe("stored credentials on the request path", () => {
  it("answers 503 credential_missing until the credential exists, then sends its value, rotated or deleted at once", async () => {
    const harness = await start();
    const before = await chat(harness);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({
      error: { message: expect.stringContaining('credential "prod-openai", which does not exist'), type: "server_error", param: null, code: "credential_missing" },
    });
    expect(harness.sent).toHaveLength(0);

    const created = await manage(harness, "POST", "/credentials", {
      credential_name: "prod-openai",
      credential_values: { api_key: secret },
      credential_info: { custom_llm_provider: "openai" },
    });
    expect(created.status).toBe(200);
    expect(await created.text()).not.toContain(secret);
    expect((await chat(harness)).status).toBe(200);
    expect(harness.sent.at(-1)).toMatchObject({ url: "https://api.openai.com/v1/chat/completions", headers: { authorization: `Bearer ${secret}` } });

    expect((await manage(harness, "PATCH", "/credentials/prod-openai", { credential_values: { api_key: rotated } })).status).toBe(200);
    expect((await chat(harness)).status).toBe(200);
    expect(sentKey(harness)).toBe(`Bearer ${rotated}`);
    // LiteLLM's clients update with POST as well.
    expect((await manage(harness, "POST", "/credentials/prod-openai", { credential_name: "prod-openai", credential_values: { api_key: secret } })).status).toBe(200);
    expect((await chat(harness)).status).toBe(200);
    expect(sentKey(harness)).toBe(`Bearer ${secret}`);

    expect((await manage(harness, "DELETE", "/credentials/prod-openai")).status).toBe(200);
    const sent = harness.sent.length;
    const after = await chat(harness);
    expect(after.status).toBe(503);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("credential_missing");
    expect(harness.sent).toHaveLength(sent);
  });

  it("takes the api_base a provider needs from the credential", async () => {
    const harness = await start();
    await manage(harness, "POST", "/credentials", { credential_name: "azure-eu", credential_values: { api_key: "azure-key-0123456789abcdef" } });
    const noBase = await chat(harness, "azure-stored");
    expect(noBase.status).toBe(503);
    expect(await noBase.json()).toMatchObject({ error: { code: "credential_unusable", message: expect.stringContaining("no api_base") } });
    // Moving the endpoint needs the key again (see endpoint-fields.ts).
    const moved = await manage(harness, "PATCH", "/credentials/azure-eu", {
      credential_values: { api_key: "azure-key-0123456789abcdef", api_base: "https://eu.openai.azure.com/", api_version: "2024-10-21" },
    });
    expect(moved.status).toBe(200);
    expect((await chat(harness, "azure-stored")).status).toBe(200);
    expect(harness.sent.at(-1)!.url).toBe("https://eu.openai.azure.com/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21");
    expect(harness.sent.at(-1)!.headers["api-key"]).toBe("azure-key-0123456789abcdef");
  });

  it("lists names, hints and users, never a value", async () => {
    const harness = await start();
    await manage(harness, "POST", "/credentials", {
      credential_name: "prod-openai",
      credential_values: { api_key: secret, organization: "org-1" },
      credential_info: { description: "prod" },
    });
    const listed = await manage(harness, "GET", "/credentials");
    const text = await listed.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toEqual({
      success: true,
      credentials: [
        {
          credential_name: "prod-openai",
          credential_values: { api_key: "sk-...0001", organization: "****" },
          credential_info: { description: "prod" },
          source: "db",
          used_by_models: ["stored-model"],
          created_by: "master key",
          created_at: expect.any(String),
          updated_by: "master key",
          updated_at: expect.any(String),
        },
      ],
    });
    const one = await manage(harness, "GET", "/credentials/by_name/prod-openai");
    expect(await one.json()).toMatchObject({ credential_name: "prod-openai", credential_values: { api_key: "sk-...0001" } });
    expect((await manage(harness, "GET", "/credentials/by_name/nope")).status).toBe(404);
  });

  it("checks who asks and what is sent", async () => {
    const harness = await start();
    const generated = (await (await manage(harness, "POST", "/key/generate", { key_alias: "plain" })).json()) as { key: string };
    const asUser = await harness.call("POST", "/credentials", { key: generated.key, body: { credential_name: "x", credential_values: { api_key: secret } } });
    expect(asUser.status).toBe(403);
    expect((await harness.call("GET", "/credentials", { key: generated.key })).status).toBe(403);
    const refused = async (body: object) => ((await (await manage(harness, "POST", "/credentials", body)).json()) as { error: { param: string | null; code: string } }).error;
    expect(await refused({ credential_name: "a/b", credential_values: { api_key: secret } })).toMatchObject({ code: "invalid_request", param: "credential_name" });
    expect(await refused({ credential_name: "ok", credential_values: {} })).toMatchObject({ code: "invalid_request", param: "credential_values" });
    expect(await refused({ credential_name: "ok", credential_values: { api_base: "file:///etc/passwd" } })).toMatchObject({ code: "invalid_request", param: "credential_values.api_base" });
    expect(await refused({ credential_name: "ok", credential_values: { api_key: 12 } })).toMatchObject({ code: "invalid_request" });
    await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } });
    const badBase = await manage(harness, "PATCH", "/credentials/prod-openai", { credential_values: { api_base: "javascript:alert(1)", organization: null } });
    expect(((await badBase.json()) as { error: { param: string } }).error.param).toBe("credential_values.api_base");
    const renamed = await manage(harness, "PATCH", "/credentials/prod-openai", { credential_name: "other" });
    expect(((await renamed.json()) as { error: { message: string } }).error.message).toContain("cannot be renamed");
    expect((await manage(harness, "DELETE", "/credentials/%E0%A4%A")).status).toBe(400);
    expect((await manage(harness, "GET", "/credentials/prod-openai")).status).toBe(405);
    // Nothing refused above reached the audit log; what was done did, without values.
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select action, target_id, details from audit_log where target_type = 'credential'").all();
    expect(audit).toEqual([{ action: "credential.created", target_id: "prod-openai", details: JSON.stringify({ values: ["api_key"] }) }]);
  });

  it("refuses to store without SWITCHYARD_SALT_KEY, with a 400 saying so", async () => {
    const harness = await start({});
    const refused = await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { message: expect.stringContaining("SWITCHYARD_SALT_KEY"), type: "invalid_request_error", param: null, code: "salt_key_missing" } });
    expect((await manage(harness, "GET", "/credentials")).status).toBe(200);
  });

  it("re-reads a credential another instance changed when the change notification arrives", async () => {
    const first = await start();
    const second = await start({ saltKeys, databaseUrl: `file:${first.gateway.ctx.database.sqlite!.name}` });
    await manage(first, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } });
    await chat(second);
    expect(sentKey(second)).toBe(`Bearer ${secret}`);
    await manage(first, "PATCH", "/credentials/prod-openai", { credential_values: { api_key: rotated } });
    await chat(second);
    expect(sentKey(second)).toBe(`Bearer ${secret}`); // cached: this instance has not been told yet
    applyChange(second.gateway.ctx, changeSchema.parse({ kind: "credential", name: "prod-openai" }));
    await chat(second);
    expect(sentKey(second)).toBe(`Bearer ${rotated}`);
  });
});

describe("a stored endpoint that reaches inside", () => {
  const internal = ["http://127.0.0.1:4000/v1", "http://[::1]/v1", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/v1", "http://localhost:4000/v1"];

  it("is refused on create and on update, with one message naming SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS, and nothing is sent", async () => {
    const harness = await start();
    const body = {
      message: `credential_values.api_base: ${endpointRefusedMessage}`,
      type: "invalid_request_error",
      param: "credential_values.api_base",
      code: "credential_endpoint_refused",
    };
    for (const base of internal) {
      const created = await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret, api_base: base } });
      expect(created.status).toBe(400);
      expect(await created.json()).toEqual({ error: body });
    }
    expect((await chat(harness)).status).toBe(503); // still missing
    await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret, api_base: "https://api.example.test/v1" } });
    for (const base of internal) {
      const moved = await manage(harness, "PATCH", "/credentials/prod-openai", { credential_values: { api_key: rotated, api_base: base } });
      expect(moved.status).toBe(400);
      expect(await moved.json()).toEqual({ error: body });
    }
    expect((await chat(harness)).status).toBe(200);
    expect(harness.sent.map((request) => request.url)).toEqual(["https://api.example.test/v1/chat/completions"]);
    expect(harness.sent[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select action from audit_log where target_type = 'credential'").all();
    expect(audit).toEqual([{ action: "credential.created" }]);
  });

  it("is stored where SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows it, and its calls are address-checked; the provider's default is not", async () => {
    const harness = await start({ saltKeys, credentialAllowedHosts: new OutboundAllowList(["127.0.0.1"]) });
    await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } });
    expect((await chat(harness)).status).toBe(200);
    const moved = await manage(harness, "PATCH", "/credentials/prod-openai", { credential_values: { api_key: rotated, api_base: "http://127.0.0.1:4000/v1" } });
    expect(moved.status).toBe(200);
    expect((await chat(harness)).status).toBe(200);
    expect(harness.sent.map((request) => request.url)).toEqual(["https://api.openai.com/v1/chat/completions", "http://127.0.0.1:4000/v1/chat/completions"]);
    expect(harness.checked).toEqual([false, true]);
    expect((await manage(harness, "PATCH", "/credentials/prod-openai", { credential_values: { api_key: secret, api_base: "http://10.0.0.1/v1" } })).status).toBe(400);
  });
});

describe("answers that never carry a stored value", () => {
  it("keeps the key out of errors the upstream sends back", async () => {
    const harness = await start();
    await manage(harness, "POST", "/credentials", { credential_name: "prod-openai", credential_values: { api_key: secret } });
    harness.answer = async () => jsonUpstreamResponse(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
    const answer = await chat(harness);
    expect(answer.status).toBe(401);
    expect(await answer.text()).not.toContain(secret);
  });
});
