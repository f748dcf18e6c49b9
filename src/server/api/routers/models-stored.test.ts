import { afterEach, describe, expect, it } from "vitest";
import { addMember, createUser } from "../../auth/users";
import type { UserRow } from "../../db/schema";
import { newTeamRow } from "../../gateway/keys/new-team-row";
import { masterKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { failure } from "../testing/seed-teams";

// The Models page's procedures for stored deployments on a real gateway: an instance admin adds,
// edits, disables and deletes; nothing answered carries a secret; a team sees what it may use.

const secret = "sk-proj-models-page-secret-0001";
const rotated = "sk-proj-models-page-secret-0002";
const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-config-0000000000000001 }
general_settings:
  master_key: ${masterKey}
  store_model_in_db: true
`;

let harness: Harness;
const users: Record<string, UserRow> = {};

afterEach(async () => {
  await harness.close();
});

async function start() {
  harness = await startHarness(20_000, { config, saltKeys: ["models-page-salt-key-0001"] });
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  await ctx.keys.insertTeam({ ...newTeamRow("team-a", "Team A", now), models: ["beta"] });
  users.admin = await createUser(ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, now);
  users.teamAdmin = await createUser(ctx.database, { email: "team-admin@x.test", password: "correct horse battery" }, now);
  await addMember(ctx.database, "team-a", users.teamAdmin.id, "admin", now);
}

const as = (who: "admin" | "teamAdmin") => createCaller({ user: users[who], gateway: harness.gateway.ctx });
const chat = (model: string) => harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model, messages: [{ role: "user", content: "hi" }] } });
const form = { modelName: "page-model", model: "openai/gpt-4o-mini", apiKey: secret, apiBase: "https://api.example.com/v1", accessGroups: ["beta"], rpm: 10 };

describe("models procedures for stored deployments", () => {
  it("add, edit, disable and delete, with effect on the next request and no secret in any answer", async () => {
    await start();
    const { id } = await as("admin").models.add(form);
    expect((await chat("page-model")).status).toBe(200);
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);

    const listing = await as("admin").models.deployments();
    expect(JSON.stringify(listing)).not.toContain(secret);
    expect(listing).toMatchObject({
      storeEnabled: true,
      canStoreSecrets: true,
      config: [{ modelName: "gpt-4o" }],
      stored: [{ id, secretHints: { api_key: "sk-...0001" }, form: { rpm: 10, accessGroups: ["beta"] } }],
    });

    // Saved with the key left empty: kept. Then rotated; then rpm emptied: removed.
    await as("admin").models.edit({ id, form: { ...form, apiKey: undefined, tpm: 500 } });
    await chat("page-model");
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);
    await as("admin").models.edit({ id, form: { ...form, apiKey: rotated, rpm: undefined } });
    await chat("page-model");
    expect(harness.sent.at(-1)?.headers.authorization).toBe(`Bearer ${rotated}`);
    expect((await as("admin").models.deployments()).stored[0].form.rpm).toBeNull();
    // The endpoint moved without the key: refused, saying why.
    expect(await failure(as("admin").models.edit({ id, form: { ...form, apiKey: undefined, apiBase: "https://elsewhere.example.com/v1" } }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("send api_key again"),
    });

    await as("admin").models.setDisabled({ id, disabled: true });
    expect((await chat("page-model")).status).toBe(404);
    await as("admin").models.remove({ id });
    expect((await as("admin").models.deployments()).stored).toEqual([]);
    const audit = harness.gateway.ctx.database.sqlite!.prepare("select action, actor from audit_log where target_type = 'deployment'").all();
    expect(audit).toEqual([
      { action: "deployment.created", actor: "root@x.test" },
      { action: "deployment.updated", actor: "root@x.test" },
      { action: "deployment.updated", actor: "root@x.test" },
      { action: "deployment.updated", actor: "root@x.test" },
      { action: "deployment.deleted", actor: "root@x.test" },
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("refuses a team admin every change and shows the team the models it may use", async () => {
    await start();
    expect(await failure(as("teamAdmin").models.add(form))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(as("teamAdmin").models.deployments())).toMatchObject({ code: "FORBIDDEN" });
    expect(await as("teamAdmin").models.forTeam({ teamId: "team-a" })).toEqual({ teamModels: ["beta"], unrestricted: false, allowed: [] });
    await as("admin").models.add(form);
    expect(await as("teamAdmin").models.forTeam({ teamId: "team-a" })).toEqual({ teamModels: ["beta"], unrestricted: false, allowed: ["page-model"] });
  });
});
