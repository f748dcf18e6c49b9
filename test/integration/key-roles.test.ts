import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./helpers/dashboard-session";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The report's path, over real HTTP against the built server: the master key puts a proxy_admin
// key in team A; neither team A's dashboard admin nor another proxy_admin key may turn it into a
// key of their own (regenerate), change it, or mint another admin key. The master key still may.
const admin = { email: "root@roles.test", password: "roles-admin-password-1" };
const teamAdmin = { email: "team-admin@roles.test", password: "team-admin-password-1" };

let gateway: GatewayProcess;
let teamId = "";

async function trpc(session: string, procedure: string, input: unknown, method: "GET" | "POST" = "POST") {
  const headers = { cookie: session, "content-type": "application/json", origin: gateway.url };
  const url = `${gateway.url}/api/trpc/${procedure}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
  const response = await fetch(url, { method, headers, ...(method === "POST" ? { body: JSON.stringify(input) } : {}) });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

const info = async (key: string) => (await manage(gateway.url, "GET", `/key/info?key=${encodeURIComponent(key)}`)).json.info;

beforeAll(async () => {
  gateway = await startGateway({
    config: "model_list: []\n",
    dashboard: true,
    env: { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
  });
  teamId = (await manage(gateway.url, "POST", "/team/new", { team_alias: "team A" })).json.team_id;
  const rootSession = await signIn(gateway.url, admin.email, admin.password);
  // A new member gets an invite link (a one-time token), not a password the admin chose.
  const added = await trpc(rootSession, "members.add", { teamId, email: teamAdmin.email, role: "admin" });
  expect(added.status, added.text).toBe(200);
  const token = (added.json as { result: { data: { invite: { token: string } } } }).result.data.invite.token;
  const set = await fetch(`${gateway.url}/api/trpc/account.setPasswordWithToken`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: gateway.url },
    body: JSON.stringify({ token, password: teamAdmin.password }),
  });
  expect(set.status, await set.text()).toBe(200);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
});

describe("a team admin in the dashboard", () => {
  it("gets FORBIDDEN, and no key, when regenerating a proxy_admin key of the team", async () => {
    const target = await createKey(gateway.url, { key_alias: "team-a-root", team_id: teamId, user_role: "proxy_admin" });
    const session = await signIn(gateway.url, teamAdmin.email, teamAdmin.password);
    const listed = await trpc(session, "keys.list", { teamId }, "GET");
    const row = (listed.json.result.data as { id: string; alias: string; role: string; manageable: boolean }[]).find((key) => key.alias === "team-a-root")!;

    const regenerated = await trpc(session, "keys.regenerate", { teamId, id: row.id });
    expect(regenerated.status).toBe(403);
    expect(regenerated.json.error.data.code).toBe("FORBIDDEN");
    expect(regenerated.text).not.toMatch(/"sk-[A-Za-z0-9_-]{43}"/);
    // The page shows it, read-only.
    expect(row).toMatchObject({ role: "admin", manageable: false });
    for (const [procedure, input] of [
      ["keys.update", { teamId, id: row.id, alias: "mine", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null }],
      ["keys.setBlocked", { teamId, id: row.id, blocked: true }],
      ["keys.delete", { teamId, id: row.id }],
    ] as const) {
      expect((await trpc(session, procedure, input)).status, procedure).toBe(403);
    }
    // The original key still works as it did, and nothing about it changed.
    expect((await manage(gateway.url, "GET", "/team/list", undefined, target)).status).toBe(200);
    expect(await info(target)).toMatchObject({ key_alias: "team-a-root", user_role: "proxy_admin", blocked: false });
  });
});

describe("a proxy_admin key on the management API", () => {
  it("manages user keys but cannot mint, regenerate, change, block or delete a proxy_admin key", async () => {
    const caller = await createKey(gateway.url, { key_alias: "ops-admin", user_role: "proxy_admin" });
    const other = await createKey(gateway.url, { key_alias: "other-admin", user_role: "proxy_admin" });
    const as = (method: "POST" | "GET", path: string, body?: unknown) => manage(gateway.url, method, path, body, caller);

    // Its everyday work on user keys goes on.
    const user = (await as("POST", "/key/generate", { key_alias: "made-by-ops" })).json.key as string;
    expect(user).toMatch(/^sk-/);
    expect((await as("POST", "/key/update", { key: user, rpm_limit: 5 })).status).toBe(200);

    const refusals = [
      await as("POST", "/key/generate", { key_alias: "second-root", user_role: "proxy_admin" }),
      await as("POST", "/key/update", { key: user, user_role: "proxy_admin" }),
      await as("POST", "/key/regenerate", { key: other }),
      await as("POST", `/key/${encodeURIComponent(other)}/regenerate`, {}),
      await as("POST", "/key/update", { key: other, user_role: "internal_user" }),
      await as("POST", "/key/block", { key: other }),
      await as("POST", "/key/delete", { keys: [user, other] }),
      await as("POST", "/key/delete", { key_aliases: ["other-admin"] }),
      await as("POST", "/key/regenerate", { key: caller }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(403);
      expect(refusal.json.error).toMatchObject({ type: "permission_error", code: "admin_required" });
      expect(refusal.json.key).toBeUndefined();
    }
    // Nothing happened: no second admin key, the user key still a user key and not deleted, the other admin key untouched.
    expect((await manage(gateway.url, "POST", "/key/delete", { key_aliases: ["second-root"] })).status).toBe(404);
    expect(await info(user)).toMatchObject({ user_role: "internal_user", rpm_limit: 5 });
    expect(await info(other)).toMatchObject({ user_role: "proxy_admin", blocked: false });
    expect((await manage(gateway.url, "GET", "/team/list", undefined, other)).status).toBe(200);
  });

  it("leaves the master key in charge of proxy_admin keys", async () => {
    const key = await createKey(gateway.url, { key_alias: "rotated-root", user_role: "proxy_admin" });
    const rotated = await manage(gateway.url, "POST", "/key/regenerate", { key }, masterKey);
    expect(rotated.status).toBe(200);
    expect((await manage(gateway.url, "POST", "/key/update", { key: rotated.json.key, rpm_limit: 1, metadata: { owner: "ops" } })).json.rpm_limit).toBe(1);
    expect((await manage(gateway.url, "POST", "/key/delete", { keys: [rotated.json.key] })).status).toBe(200);

    // The update's audit row names each changed field with its old and new value; metadata only as changed.
    const { default: Database } = await import("better-sqlite3");
    const database = new Database(gateway.databasePath, { readonly: true });
    const rows = database.prepare("select details from audit_log where action = 'key.updated'").all() as { details: string }[];
    database.close();
    expect(rows.map((row) => JSON.parse(row.details))).toContainEqual({
      alias: "rotated-root",
      changes: { rpmLimit: { old: null, new: 1 }, metadata: { old: "[redacted]", new: "[redacted]" } },
    });
  });
});
