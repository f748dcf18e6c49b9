import { describe, expect, it } from "vitest";
import { masterKey } from "../../gateway/testing/gateway-harness";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// A proxy_admin key lives in team A. Its team's admins and owners see it but cannot regenerate
// (which would hand them its plain value), change, block or delete it; an instance admin can.
const bed = dashboardTestbed(
  ["team-a"],
  [
    ["admin-a@x.test", "team-a", "admin"],
    ["owner-a@x.test", "team-a", "owner"],
    ["root@x.test", undefined, "viewer", true],
  ],
);
const { as } = bed;
const form = { alias: "renamed", models: [], maxBudget: null, rpmLimit: 1, tpmLimit: null, duration: null };

/** The master key makes it, as in the report: `POST /key/generate {user_role: "proxy_admin"}`. */
async function adminKeyInTeamA() {
  const response = await bed.harness.call("POST", "/key/generate", { key: masterKey, body: { key_alias: "instance-admin", team_id: "team-a", user_role: "proxy_admin" } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { key: string; token: string };
  return { plain: body.key, id: body.token };
}

const stillWorks = async (plain: string) => (await bed.harness.call("GET", "/team/list", { key: plain })).status;

describe("proxy_admin keys in the dashboard", () => {
  it("refuses a team admin and a team owner every change to a proxy_admin key, with FORBIDDEN", async () => {
    const key = await adminKeyInTeamA();
    for (const email of ["admin-a@x.test", "owner-a@x.test"]) {
      const caller = as(email);
      expect(await errorCode(caller.keys.regenerate({ teamId: "team-a", id: key.id }))).toBe("FORBIDDEN");
      expect(await errorCode(caller.keys.update({ teamId: "team-a", id: key.id, ...form }))).toBe("FORBIDDEN");
      expect(await errorCode(caller.keys.setBlocked({ teamId: "team-a", id: key.id, blocked: true }))).toBe("FORBIDDEN");
      expect(await errorCode(caller.keys.delete({ teamId: "team-a", id: key.id }))).toBe("FORBIDDEN");
      expect(await errorCode(caller.rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["gpt-4o"] }))).toBe("FORBIDDEN");
    }
    // Nothing changed: same secret, same settings, still an admin key.
    expect(await stillWorks(key.plain)).toBe(200);
    const [listed] = await as("admin-a@x.test").keys.list({ teamId: "team-a" });
    expect(listed).toMatchObject({ id: key.id, alias: "instance-admin", role: "admin", manageable: false, blocked: false, models: [], rpmLimit: null });
    expect(bed.harness.gateway.ctx.database.sqlite!.prepare("select action from audit_log where action != 'key.created'").all()).toEqual([]);
  });

  it("lets an instance admin regenerate, edit and delete it", async () => {
    const key = await adminKeyInTeamA();
    const root = as("root@x.test");
    expect((await root.keys.list({ teamId: "team-a" }))[0]).toMatchObject({ role: "admin", manageable: true });
    const regenerated = await root.keys.regenerate({ teamId: "team-a", id: key.id });
    expect(await stillWorks(key.plain)).toBe(401);
    expect(await stillWorks(regenerated.key)).toBe(200);
    expect(await root.keys.update({ teamId: "team-a", id: regenerated.summary.id, ...form })).toMatchObject({ alias: "renamed", rpmLimit: 1, role: "admin" });
    await root.keys.delete({ teamId: "team-a", id: regenerated.summary.id });
    expect(await root.keys.list({ teamId: "team-a" })).toEqual([]);
  });

  it("keeps a team admin's own keys at the user role, whatever role the input names", async () => {
    const input = { teamId: "team-a", ...form, alias: "mine", role: "admin", user_role: "proxy_admin" };
    const created = await as("admin-a@x.test").keys.create(input as typeof input & { duration: null });
    expect(await stillWorks(created.key)).toBe(403);
    expect(created.summary).toMatchObject({ role: "user", manageable: true });
  });
});
