import { afterEach, describe, expect, it } from "vitest";
import { createUser } from "../../auth/users";
import type { UserRow } from "../../db/schema";
import { endpointRefusedMessage } from "../../gateway/credentials/check-endpoint";
import { masterKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { OutboundAllowList } from "../../security/outbound-address";
import { createCaller } from "../root";
import { failure } from "../testing/seed-teams";

// The Credentials page's procedures on a real gateway: instance admins add, replace and delete
// provider keys; nothing any procedure answers carries a value back to the browser.

const secret = "sk-proj-dashboard-secret-0001";
const rotated = "sk-proj-dashboard-secret-0002";
const config = `
model_list:
  - model_name: stored-model
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: team-openai }
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
const users: Record<string, UserRow> = {};

async function start(saltKeys?: string[], credentialAllowedHosts?: OutboundAllowList) {
  harness = await startHarness(20_000, { config, saltKeys, credentialAllowedHosts });
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  users.admin = await createUser(ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, now);
  users.member = await createUser(ctx.database, { email: "member@x.test", password: "correct horse battery" }, now);
}

afterEach(async () => {
  await harness.close();
});

const as = (who: "admin" | "member") => createCaller({ user: users[who], gateway: harness.gateway.ctx });
const chat = () => harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "stored-model", messages: [{ role: "user", content: "hi" }] } });

describe("credentials procedures", () => {
  it("adds, lists, replaces and deletes, answering hints only; requests use the current key", async () => {
    await start(["dashboard-salt-key-0001"]);
    const admin = as("admin");
    const answers: unknown[] = [];
    answers.push(await admin.credentials.add({ name: "team-openai", apiKey: secret, apiBase: "", provider: "openai", description: "Team account" }));
    expect(answers[0]).toMatchObject({
      name: "team-openai",
      source: "stored",
      hints: { api_key: "sk-...0001" },
      provider: "openai",
      description: "Team account",
      usedBy: ["stored-model"],
      updatedBy: "root@x.test",
    });
    expect((await chat()).status).toBe(200);
    expect(harness.sent.at(-1)!.headers.authorization).toBe(`Bearer ${secret}`);

    answers.push(await admin.credentials.list());
    answers.push(await admin.credentials.replace({ name: "team-openai", apiKey: rotated, organization: "org-9" }));
    expect((await chat()).status).toBe(200);
    expect(harness.sent.at(-1)!.headers).toMatchObject({ authorization: `Bearer ${rotated}`, "openai-organization": "org-9" });
    answers.push(await admin.credentials.list());
    expect(answers.at(-1)).toEqual({
      canStore: true,
      credentials: [expect.objectContaining({ name: "team-openai", hints: { api_key: "sk-...0002", organization: "****" }, description: null })],
    });

    answers.push(await admin.credentials.remove({ name: "team-openai" }));
    expect((await chat()).status).toBe(503);
    answers.push(await admin.credentials.list());
    expect(answers.at(-1)).toEqual({ canStore: true, credentials: [] });

    const everything = JSON.stringify(answers);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(rotated);
    const actions = harness.gateway.ctx.database.sqlite!.prepare("select action, actor from audit_log where target_type = 'credential' order by id").all();
    expect(actions).toEqual([
      { action: "credential.created", actor: "root@x.test" },
      { action: "credential.updated", actor: "root@x.test" },
      { action: "credential.deleted", actor: "root@x.test" },
    ]);
  });

  it("asks for the key again on every replace, and the audit names a moved endpoint (never a value)", async () => {
    await start(["dashboard-salt-key-0001"]);
    const admin = as("admin");
    await admin.credentials.add({ name: "team-openai", apiKey: secret, apiBase: "https://home.example.test/v1" });
    expect(await failure(admin.credentials.replace({ name: "team-openai", apiKey: "", apiBase: "https://elsewhere.example.test/v1" }))).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringContaining("API key"),
    });
    await admin.credentials.replace({ name: "team-openai", apiKey: rotated, apiBase: "https://elsewhere.example.test/v1" });
    const rows = harness.gateway.ctx.database.sqlite!.prepare("select details from audit_log where action = 'credential.updated'").all() as Array<{ details: string }>;
    expect(rows.map((row) => JSON.parse(row.details))).toEqual([{ values: ["api_key", "api_base"], mode: "replace", endpoint_changed: ["api_base"] }]);
    for (const value of [secret, rotated, "example.test"]) expect(rows[0].details).not.toContain(value);
  });

  it("refuses an API base inside this server's networks unless SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows it", async () => {
    await start(["dashboard-salt-key-0001"]);
    const admin = as("admin");
    const internal = ["http://127.0.0.1:4000/v1", "http://[::1]/v1", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/v1", "http://localhost:4000/v1"];
    const refused = { code: "BAD_REQUEST", message: `credential_values.api_base: ${endpointRefusedMessage}` };
    for (const apiBase of internal) expect(await failure(admin.credentials.add({ name: "team-openai", apiKey: secret, apiBase }))).toEqual(refused);
    expect(await admin.credentials.list()).toEqual({ canStore: true, credentials: [] });
    await admin.credentials.add({ name: "team-openai", apiKey: secret, apiBase: "https://home.example.test/v1" });
    for (const apiBase of internal) expect(await failure(admin.credentials.replace({ name: "team-openai", apiKey: rotated, apiBase }))).toEqual(refused);
    expect((await chat()).status).toBe(200);
    expect(harness.sent.map((request) => [request.url, request.headers.authorization])).toEqual([["https://home.example.test/v1/chat/completions", `Bearer ${secret}`]]);

    await harness.close();
    await start(["dashboard-salt-key-0001"], new OutboundAllowList(["127.0.0.1"]));
    await as("admin").credentials.add({ name: "team-openai", apiKey: secret, apiBase: "http://127.0.0.1:4000/v1" });
    expect((await chat()).status).toBe(200);
    expect(harness.sent.at(-1)!.url).toBe("http://127.0.0.1:4000/v1/chat/completions");
    expect(harness.checked.at(-1)).toBe(true);
  });

  it("is for instance admins only, listing included", async () => {
    await start(["dashboard-salt-key-0001"]);
    const member = as("member");
    expect((await failure(member.credentials.list())).code).toBe("FORBIDDEN");
    expect((await failure(member.credentials.add({ name: "x", apiKey: secret }))).code).toBe("FORBIDDEN");
    expect((await failure(member.credentials.remove({ name: "x" }))).code).toBe("FORBIDDEN");
    expect((await failure(createCaller({ user: undefined, gateway: harness.gateway.ctx }).credentials.list())).code).toBe("UNAUTHORIZED");
  });

  it("says why nothing can be stored without SWITCHYARD_SALT_KEY, and refuses bad input", async () => {
    await start();
    const admin = as("admin");
    expect(await admin.credentials.list()).toEqual({ canStore: false, credentials: [] });
    expect(await failure(admin.credentials.add({ name: "team-openai", apiKey: secret }))).toEqual({ code: "BAD_REQUEST", message: expect.stringContaining("SWITCHYARD_SALT_KEY") });
    expect((await failure(admin.credentials.add({ name: "team/openai", apiKey: secret }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.credentials.add({ name: "ok", apiKey: secret, apiBase: "ftp://x" }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.credentials.replace({ name: "absent", apiKey: secret }))).code).toBe("NOT_FOUND");
  });
});
