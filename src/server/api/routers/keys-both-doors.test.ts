import { describe, expect, it } from "vitest";
import { masterKey } from "../../gateway/testing/gateway-harness";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// A key's life lived once through the management API and once through the dashboard: each
// change leaves the same audit row whichever door it came through; only who acted differs
// (and the key's preview, a different key each time).
const bed = dashboardTestbed(["team-a"], [["admin-a@x.test", "team-a", "admin"]]);
const { as } = bed;
const form = { alias: "shared-name", models: ["gpt-4o"], maxBudget: 5, rpmLimit: null, tpmLimit: null };

async function api(path: string, body: object) {
  const response = await bed.harness.call("POST", path, { key: masterKey, body });
  const json = (await response.json()) as Record<string, unknown> & { key: string; token: string; error?: { message: string; code: string; param: string } };
  return { status: response.status, json };
}

type AuditRow = { actor: string; action: string; team_id: string | null; target_type: string; target_id: string; details: string };
function auditRows(): AuditRow[] {
  return bed.harness.gateway.ctx.database.sqlite!.prepare("select actor, action, team_id, target_type, target_id, details from audit_log order by id").all() as AuditRow[];
}
/** A row without who acted and which preview it names. */
const event = (row: AuditRow) => ({ action: row.action, teamId: row.team_id, targetType: row.target_type, details: JSON.parse(row.details) });

describe("a key changed through either door", () => {
  it("writes the same audit rows for create, update, block, unblock, regenerate and delete", async () => {
    const created = await api("/key/generate", { key_alias: form.alias, team_id: "team-a", models: form.models, max_budget: form.maxBudget });
    expect(created.status).toBe(200);
    expect((await api("/key/update", { key: created.json.key, key_alias: "renamed", rpm_limit: 60 })).status).toBe(200);
    expect((await api("/key/block", { key: created.json.key })).status).toBe(200);
    expect((await api("/key/unblock", { key: created.json.key })).status).toBe(200);
    const regenerated = await api("/key/regenerate", { key: created.json.key });
    expect(regenerated.status).toBe(200);
    expect((await api("/key/delete", { keys: [regenerated.json.key] })).status).toBe(200);
    const throughApi = auditRows();

    const admin = as("admin-a@x.test");
    const key = await admin.keys.create({ teamId: "team-a", ...form, duration: null });
    await admin.keys.update({ teamId: "team-a", id: key.summary.id, ...form, alias: "renamed", rpmLimit: 60 });
    await admin.keys.setBlocked({ teamId: "team-a", id: key.summary.id, blocked: true });
    await admin.keys.setBlocked({ teamId: "team-a", id: key.summary.id, blocked: false });
    const again = await admin.keys.regenerate({ teamId: "team-a", id: key.summary.id });
    await admin.keys.delete({ teamId: "team-a", id: again.summary.id });
    const throughDashboard = auditRows().slice(throughApi.length);

    expect(throughApi.map((row) => row.action)).toEqual(["key.created", "key.updated", "key.blocked", "key.unblocked", "key.regenerated", "key.deleted"]);
    expect(throughDashboard.map(event)).toEqual(throughApi.map(event));
    expect(throughApi[1].details).toBe(JSON.stringify({ alias: "renamed", changes: { keyAlias: { old: "shared-name", new: "renamed" }, rpmLimit: { old: null, new: 60 } } }));
    expect(new Set(throughApi.map((row) => row.actor))).toEqual(new Set(["master key"]));
    expect(new Set(throughDashboard.map((row) => row.actor))).toEqual(new Set(["admin-a@x.test"]));
  });

  it("refuses a taken alias through either door, however it was taken, and changes nothing", async () => {
    const first = await api("/key/generate", { key_alias: "taken", team_id: "team-a" });
    expect(first.status).toBe(200);
    const second = await api("/key/generate", { key_alias: "taken" });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: "conflict", param: "key_alias", message: 'A key named "taken" already exists' });

    const admin = as("admin-a@x.test");
    expect(await errorCode(admin.keys.create({ teamId: "team-a", ...form, alias: "taken", duration: null }))).toBe("CONFLICT");
    const mine = await admin.keys.create({ teamId: "team-a", ...form, duration: null });
    expect(await errorCode(admin.keys.update({ teamId: "team-a", id: mine.summary.id, ...form, alias: "taken" }))).toBe("CONFLICT");
    expect((await api("/key/update", { key: mine.key, key_alias: "taken" })).status).toBe(409);
    // Keeping one's own alias is no conflict.
    expect((await api("/key/update", { key: mine.key, key_alias: form.alias, rpm_limit: 1 })).status).toBe(200);

    const aliases = bed.harness.gateway.ctx.database.sqlite!.prepare("select key_alias from virtual_keys order by key_alias").all();
    expect(aliases).toEqual([{ key_alias: form.alias }, { key_alias: "taken" }]);
    expect(auditRows().map((row) => row.action)).toEqual(["key.created", "key.created", "key.updated"]);
  });

  it("lets many keys go without an alias", async () => {
    for (let index = 0; index < 3; index++) expect((await api("/key/generate", {})).status).toBe(200);
    expect((await api("/key/generate", { key_alias: null })).status).toBe(200);
    expect(bed.harness.gateway.ctx.database.sqlite!.prepare("select count(*) as n from virtual_keys where key_alias is null").get()).toEqual({ n: 4 });
  });
});
