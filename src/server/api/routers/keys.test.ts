import { describe, expect, it } from "vitest";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// Every keys procedure, called as members of two teams: a member of A can never read or change
// B's keys, whatever ids it sends.
const bed = dashboardTestbed(
  ["team-a", "team-b"],
  [
    ["admin-a@x.test", "team-a", "admin"],
    ["viewer-a@x.test", "team-a", "viewer"],
    ["owner-b@x.test", "team-b", "owner"],
  ],
);
const { as } = bed;
const form = (alias: string) => ({ alias, models: ["gpt-4o"], maxBudget: 10, rpmLimit: null, tpmLimit: null, duration: null });

describe("keys procedures authorise first", () => {
  it("lets a team admin create, list, block, regenerate and delete its keys", async () => {
    const created = await as("admin-a@x.test").keys.create({ teamId: "team-a", ...form("ci") });
    expect(created.key).toMatch(/^sk-/);
    expect(JSON.stringify(created.summary)).not.toContain(created.key);
    const listed = await as("viewer-a@x.test").keys.list({ teamId: "team-a" });
    expect(listed.map((key) => key.alias)).toEqual(["ci"]);
    const edited = await as("admin-a@x.test").keys.update({ teamId: "team-a", id: created.summary.id, ...form("ci"), maxBudget: 7, rpmLimit: 60, duration: "1d" });
    expect(edited).toMatchObject({ maxBudget: 7, rpmLimit: 60 });
    expect(Date.parse(edited.expires!) - bed.harness.gateway.ctx.now()).toBeCloseTo(86_400_000, -3);
    expect((await as("admin-a@x.test").keys.setBlocked({ teamId: "team-a", id: created.summary.id, blocked: true })).blocked).toBe(true);
    const regenerated = await as("admin-a@x.test").keys.regenerate({ teamId: "team-a", id: created.summary.id });
    expect(regenerated.key).not.toBe(created.key);
    await as("admin-a@x.test").keys.delete({ teamId: "team-a", id: regenerated.summary.id });
    expect(await as("admin-a@x.test").keys.list({ teamId: "team-a" })).toEqual([]);
  });

  it("never lets a member of team A read or change team B's keys", async () => {
    const theirs = await as("owner-b@x.test").keys.create({ teamId: "team-b", ...form("b-key") });
    const id = theirs.summary.id;
    const admin = as("admin-a@x.test");
    expect(await errorCode(admin.keys.list({ teamId: "team-b" }))).toBe("FORBIDDEN");
    expect(await errorCode(admin.keys.create({ teamId: "team-b", ...form("sneaky") }))).toBe("FORBIDDEN");
    // Its own team id with the other team's key id: not found, and nothing changes.
    expect(await errorCode(admin.keys.setBlocked({ teamId: "team-a", id, blocked: true }))).toBe("NOT_FOUND");
    expect(await errorCode(admin.keys.update({ teamId: "team-a", id, ...form("stolen") }))).toBe("NOT_FOUND");
    expect(await errorCode(admin.keys.regenerate({ teamId: "team-a", id }))).toBe("NOT_FOUND");
    expect(await errorCode(admin.keys.delete({ teamId: "team-a", id }))).toBe("NOT_FOUND");
    expect((await as("owner-b@x.test").keys.list({ teamId: "team-b" }))[0]).toMatchObject({ alias: "b-key", blocked: false });
  });

  it("keeps viewers to reading and strangers out", async () => {
    const viewer = as("viewer-a@x.test");
    expect(await errorCode(viewer.keys.create({ teamId: "team-a", ...form("nope") }))).toBe("FORBIDDEN");
    expect(await errorCode(as().keys.list({ teamId: "team-a" }))).toBe("UNAUTHORIZED");
    expect(await errorCode(as("admin-a@x.test").keys.create({ teamId: "team-a", ...form("") }))).toBe("BAD_REQUEST");
  });

  it("writes the audit log", async () => {
    await as("admin-a@x.test").keys.create({ teamId: "team-a", ...form("audited") });
    const rows = bed.harness.gateway.ctx.database.sqlite!.prepare("select actor, action, team_id from audit_log").all();
    expect(rows).toEqual([{ actor: "admin-a@x.test", action: "key.created", team_id: "team-a" }]);
  });
});
