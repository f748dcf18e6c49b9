import { afterEach, describe, expect, it } from "vitest";
import { changeSchema } from "../../redis/change";
import { applyChange } from "../fleet/apply-change";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "../testing/gateway-harness";

// LiteLLM's model API through the whole gateway (no server): stored deployments are routed like
// config.yaml's, their secrets sealed and masked, config ones read-only.

const saltKeys = ["model-api-salt-key-0001"];
const secret = "sk-proj-stored-deployment-secret-0001";
const rotated = "sk-proj-stored-deployment-secret-0002";

const config = (store = true) => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-config-key-000000000001 }
    model_info: { id: config-gpt-4o }
general_settings:
  master_key: ${masterKey}
  store_model_in_db: ${store}
`;

const harnesses: Harness[] = [];
async function start(options: { store?: boolean; databaseUrl?: string; saltKeys?: string[] } = {}): Promise<Harness> {
  const harness = await startHarness(20_000, { config: config(options.store ?? true), saltKeys: options.saltKeys ?? saltKeys, databaseUrl: options.databaseUrl });
  harnesses.push(harness);
  return harness;
}

afterEach(async () => {
  for (const harness of harnesses.splice(0).reverse()) await harness.close();
});

const manage = (harness: Harness, method: string, path: string, body?: object) => harness.call(method, path, { key: masterKey, body });
const chat = (harness: Harness, model: string) => harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model, messages: [{ role: "user", content: "hi" }] } });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; param: string | null; message: string } }).error;

const newModel = {
  model_name: "stored-gpt",
  litellm_params: { model: "openai/gpt-4o-mini", api_key: secret, api_base: "https://api.example.com/v1" },
  model_info: { id: "stored-1", access_groups: ["beta"], input_cost_per_token: 0.5, mode: "chat" },
};

describe("POST /model/new", () => {
  it("stores a deployment that is routed at once, with its key sealed and masked everywhere", async () => {
    const harness = await start();
    const created = await manage(harness, "POST", "/model/new", newModel);
    const text = await created.text();
    expect(created.status, text).toBe(200);
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ model_id: "stored-1", model_name: "stored-gpt", litellm_params: { model: "openai/gpt-4o-mini", api_key: "sk-...0001" } });

    expect((await chat(harness, "stored-gpt")).status).toBe(200);
    expect(harness.sent.at(-1)).toMatchObject({ url: "https://api.example.com/v1/chat/completions", headers: { authorization: `Bearer ${secret}` } });
    // An admin-typed host: its connections are address-checked.
    expect(harness.checked.at(-1)).toBe(true);

    const info = await manage(harness, "GET", "/model/info");
    const infoText = await info.text();
    expect(infoText).not.toContain(secret);
    const data = (JSON.parse(infoText) as { data: { model_name: string; model_info: Record<string, unknown> }[] }).data;
    expect(data.find((entry) => entry.model_name === "gpt-4o")?.model_info).toMatchObject({ id: "config-gpt-4o", db_model: false });
    expect(data.find((entry) => entry.model_name === "stored-gpt")?.model_info).toMatchObject({
      id: "stored-1",
      db_model: true,
      access_groups: ["beta"],
      input_cost_per_token: 0.5,
      mode: "chat",
    });
    const v2 = (await (await manage(harness, "GET", "/v2/model/info?model_name=stored-gpt")).json()) as { data: unknown[] };
    expect(v2.data).toHaveLength(1);

    // The database holds neither the key nor anything that opens without the salt key.
    const row = harness.gateway.ctx.database.sqlite!.prepare("select * from model_deployments").get() as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select action, target_id, details from audit_log where target_type = 'deployment'").all();
    expect(audit).toEqual([{ action: "deployment.created", target_id: "stored-1", details: JSON.stringify({ model_name: "stored-gpt", params: ["api_base", "api_key", "model"] }) }]);
  });

  it("lets a key given an access group use the stored deployment", async () => {
    const harness = await start();
    await manage(harness, "POST", "/model/new", newModel);
    const key = ((await (await manage(harness, "POST", "/key/generate", { models: ["beta"] })).json()) as { key: string }).key;
    const allowed = await harness.call("POST", "/v1/chat/completions", { key, body: { model: "stored-gpt", messages: [{ role: "user", content: "hi" }] } });
    expect(allowed.status).toBe(200);
    const refused = await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
    expect(refused.status).toBe(403);
  });

  it("refuses what config.yaml would refuse, environment references, internal endpoints and taken ids, storing nothing", async () => {
    const harness = await start();
    const cases: [object, string, string | null][] = [
      [{ model_name: "x", litellm_params: { model: "nope/what" } }, "invalid_request", "litellm_params.model"],
      [{ model_name: "x", litellm_params: { model: "openai/gpt-4o", api_key: "os.environ/OPENAI_API_KEY" } }, "invalid_request", "litellm_params.api_key"],
      [{ model_name: "x", litellm_params: { model: "openai/gpt-4o", api_base: "http://169.254.169.254/latest" } }, "credential_endpoint_refused", "litellm_params.api_base"],
      [{ model_name: "x", litellm_params: { model: "openai/gpt-4o" }, model_info: { id: "config-gpt-4o" } }, "deployment_read_only", "id"],
      [{ model_name: "x", litellm_params: { model: "openai/gpt-4o" }, model_info: { mode: "nonsense" } }, "invalid_request", "model_info.mode"],
      [{ litellm_params: { model: "openai/gpt-4o" } }, "invalid_request", "model_name"],
    ];
    for (const [body, code, param] of cases) {
      const response = await manage(harness, "POST", "/model/new", body);
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await errorOf(response), JSON.stringify(body)).toMatchObject({ code, param });
    }
    await manage(harness, "POST", "/model/new", newModel);
    expect(await errorOf(await manage(harness, "POST", "/model/new", newModel))).toMatchObject({ code: "conflict" });
    expect(harness.gateway.ctx.database.sqlite!.prepare("select count(*) as n from model_deployments").get()).toEqual({ n: 1 });
  });

  it("answers malformed bodies with a 4xx, never a 500", async () => {
    const harness = await start();
    const model = { model: "openai/gpt-4o" };
    const bodies: [string, string, unknown][] = [
      ["POST", "/model/new", []],
      ["POST", "/model/new", "text"],
      ["POST", "/model/new", { model_name: 5, litellm_params: model }],
      ["POST", "/model/new", { model_name: "x", litellm_params: [] }],
      ["POST", "/model/new", { model_name: "x", litellm_params: { ...model, rpm: "a" } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: { ...model, api_base: 5 } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: { ...model, extra_headers: "x" } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: { ...model, tags: 5, timeout: -1 } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: { ...model, vertex_credentials: { a: 1 } } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: model, model_info: [] }],
      ["POST", "/model/new", { model_name: "x", litellm_params: model, model_info: { id: "" } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: model, model_info: { id: "a/b" } }],
      ["POST", "/model/new", { model_name: "x", litellm_params: model, model_info: { access_groups: "g" } }],
      ["POST", "/model/update", { litellm_params: model }],
      ["POST", "/model/update", { model_info: { id: "missing" } }],
      ["PATCH", "/model/missing/update", { litellm_params: null }],
      ["PATCH", "/model/%E0%A4%A/update", {}],
      ["POST", "/model/delete", { id: 5 }],
      ["POST", "/model/delete", {}],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of bodies) {
      const response = await harness.call(method, path, { key: masterKey, body: typeof body === "string" ? JSON.stringify(body) : (body as object) });
      if (response.status < 400 || response.status >= 500) wrong.push(`${method} ${path} ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
    }
    expect(wrong).toEqual([]);
    expect(harness.gateway.ctx.database.sqlite!.prepare("select count(*) as n from model_deployments").get()).toEqual({ n: 0 });
  });

  it("is refused with a 400 naming store_model_in_db when it is not set, as LiteLLM refuses", async () => {
    const harness = await start({ store: false });
    const response = await manage(harness, "POST", "/model/new", newModel);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "store_model_in_db_disabled", message: expect.stringContaining("general_settings.store_model_in_db") });
    expect((await manage(harness, "POST", "/model/delete", { id: "stored-1" })).status).toBe(400);
  });

  it("is open to a proxy_admin key and refused to a plain key and to no key", async () => {
    const harness = await start();
    const keyOf = async (fields: object) => ((await (await manage(harness, "POST", "/key/generate", fields)).json()) as { key: string }).key;
    const adminKey = await keyOf({ user_role: "proxy_admin" });
    const plainKey = await keyOf({});
    expect((await harness.call("POST", "/model/new", { key: plainKey, body: newModel })).status).toBe(403);
    expect((await harness.call("POST", "/model/new", { body: newModel })).status).toBe(401);
    expect((await harness.call("GET", "/v2/model/info", { key: plainKey })).status).toBe(403);
    expect((await harness.call("POST", "/model/new", { key: adminKey, body: newModel })).status).toBe(200);
    expect((await harness.call("POST", "/model/delete", { key: plainKey, body: { id: "stored-1" } })).status).toBe(403);
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select actor from audit_log where target_type = 'deployment'").all() as { actor: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toMatch(/^key /);
  });

  it("refuses secrets without SWITCHYARD_SALT_KEY", async () => {
    const harness = await start({ saltKeys: [] });
    expect(await errorOf(await manage(harness, "POST", "/model/new", newModel))).toMatchObject({ code: "salt_key_missing" });
  });
});

describe("updating and deleting", () => {
  it("rotates the key for the next request, keeps it when the hint is sent back, and needs it again to move the endpoint", async () => {
    const harness = await start();
    await manage(harness, "POST", "/model/new", newModel);
    const patched = await manage(harness, "PATCH", "/model/stored-1/update", { litellm_params: { api_key: rotated } });
    expect(patched.status).toBe(200);
    expect(await patched.text()).not.toContain(rotated);
    await chat(harness, "stored-gpt");
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${rotated}`);

    // The form saved unchanged: the hint keeps the stored key.
    expect((await manage(harness, "POST", "/model/update", { model_info: { id: "stored-1" }, litellm_params: { api_key: "sk-...0002", tpm: 1000 } })).status).toBe(200);
    await chat(harness, "stored-gpt");
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${rotated}`);

    for (const move of [{ api_base: "https://evil.example.net/v1" }, { api_base: "https://evil.example.net/v1", api_key: "sk-...0002" }, { model: "anthropic/claude-sonnet-4-5" }]) {
      const refused = await manage(harness, "PATCH", "/model/stored-1/update", { litellm_params: move });
      expect(await errorOf(refused), JSON.stringify(move)).toMatchObject({ code: "credential_secret_required", param: "litellm_params.api_key" });
    }
    await chat(harness, "stored-gpt");
    expect(harness.sent.at(-1)?.url).toBe("https://api.example.com/v1/chat/completions");
    const moved = await manage(harness, "PATCH", "/model/stored-1/update", { litellm_params: { api_base: "https://other.example.org/v1", api_key: secret } });
    expect(moved.status).toBe(200);
    await chat(harness, "stored-gpt");
    expect(harness.sent.at(-1)).toMatchObject({ url: "https://other.example.org/v1/chat/completions", headers: { authorization: `Bearer ${secret}` } });
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select details from audit_log where action = 'deployment.updated'").all() as { details: string }[];
    expect(audit.map((row) => JSON.parse(row.details) as object).at(-1)).toEqual({ model_name: "stored-gpt", params: ["api_base", "api_key"], endpoint_changed: ["api_base"] });
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("disables, deletes (404 after), and refuses to change or delete config deployments", async () => {
    const harness = await start();
    await manage(harness, "POST", "/model/new", newModel);
    expect((await manage(harness, "PATCH", "/model/stored-1/update", { disabled: true })).status).toBe(200);
    expect((await chat(harness, "stored-gpt")).status).toBe(404);
    expect((await manage(harness, "PATCH", "/model/stored-1/update", { disabled: false })).status).toBe(200);
    expect((await chat(harness, "stored-gpt")).status).toBe(200);
    const deleted = await manage(harness, "POST", "/model/delete", { id: "stored-1" });
    expect(await deleted.json()).toEqual({ message: "Model: stored-1 deleted successfully" });
    expect((await chat(harness, "stored-gpt")).status).toBe(404);
    expect(await errorOf(await manage(harness, "POST", "/model/delete", { id: "stored-1" }))).toMatchObject({ code: "not_found" });
    for (const [method, path, body] of [
      ["POST", "/model/delete", { id: "config-gpt-4o" }],
      ["PATCH", "/model/config-gpt-4o/update", { litellm_params: { rpm: 1 } }],
      ["POST", "/model/update", { model_info: { id: "config-gpt-4o" }, litellm_params: { rpm: 1 } }],
    ] as const) {
      const response = await manage(harness, method, path, body);
      expect(response.status).toBe(409);
      expect(await errorOf(response)).toMatchObject({ code: "deployment_read_only" });
    }
    expect((await chat(harness, "gpt-4o")).status).toBe(200);
  });

  it("lets a request in flight finish on the deployment it started on while the set is swapped", async () => {
    const harness = await start();
    await manage(harness, "POST", "/model/new", newModel);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    harness.answer = async () => {
      await held;
      return jsonUpstreamResponse(200, {
        id: "x",
        object: "chat.completion",
        created: 1,
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      });
    };
    const inFlight = chat(harness, "stored-gpt");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await manage(harness, "POST", "/model/delete", { id: "stored-1" })).status).toBe(200);
    release();
    expect((await inFlight).status).toBe(200);
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);
  });
});

describe("another instance", () => {
  it("serves a deployment stored elsewhere once told, and within a second without being told", async () => {
    const first = await start();
    const second = await start({ databaseUrl: `file:${first.gateway.ctx.database.sqlite!.name}` });
    await manage(first, "POST", "/model/new", newModel);
    // Told at once (what the change bus delivers):
    applyChange(second.gateway.ctx, changeSchema.parse({ kind: "deployment", id: "stored-1" }));
    await second.gateway.ctx.deployments.sync();
    expect((await chat(second, "stored-gpt")).status).toBe(200);
    // Not told: the poll finds the deletion within a second.
    await manage(first, "POST", "/model/delete", { id: "stored-1" });
    const started = Date.now();
    while ((await chat(second, "stored-gpt")).status !== 404) {
      expect(Date.now() - started).toBeLessThan(1_500);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
