import { describe, expect, it } from "vitest";
import { audit } from "../../services/audit";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// The audit page reads one team's trail: newest first, and never another team's rows.
const bed = dashboardTestbed(["team-a", "team-b"], [
  ["admin-a@x.test", "team-a", "admin"],
  ["viewer-a@x.test", "team-a", "viewer"],
  ["owner-b@x.test", "team-b", "owner"],
]);
const { as } = bed;

describe("audit.list", () => {
  it("lists the team's changes newest first, with who, what and the details", async () => {
    const key = await as("admin-a@x.test").keys.create({ teamId: "team-a", alias: "ci", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null });
    await as("admin-a@x.test").rules.setTeamModels({ teamId: "team-a", models: ["gpt-4o"] });
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["claude-sonnet"] });
    const rows = await as("viewer-a@x.test").audit.list({ teamId: "team-a" });
    expect(rows).toEqual([
      { id: expect.any(Number), at: expect.any(String), actor: "admin-a@x.test", action: "rule.team_models_updated", targetType: "team", targetId: "team-a", details: { old: [], new: ["gpt-4o"] } },
      { id: expect.any(Number), at: expect.any(String), actor: "admin-a@x.test", action: "key.created", targetType: "key", targetId: key.summary.preview, details: { alias: "ci" } },
    ]);
    expect(new Date(rows[0].at).toISOString()).toBe(rows[0].at);
    expect(rows[0].id).toBeGreaterThan(rows[1].id);
  });

  it("never shows another team's rows, nor instance-wide ones", async () => {
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["claude-sonnet"] });
    await audit(bed.harness.gateway.ctx, { actor: "master", teamId: null, action: "cost_map.applied", targetType: "cost_map", targetId: "2" });
    expect(await as("admin-a@x.test").audit.list({ teamId: "team-a" })).toEqual([]);
    expect(await errorCode(as("admin-a@x.test").audit.list({ teamId: "team-b" }))).toBe("FORBIDDEN");
    expect(await errorCode(as().audit.list({ teamId: "team-a" }))).toBe("UNAUTHORIZED");
    expect((await as("owner-b@x.test").audit.list({ teamId: "team-b" })).map((row) => row.action)).toEqual(["rule.team_models_updated"]);
  });

  it("returns at most `limit` rows: 100 unless asked, 1 to 500", async () => {
    for (let index = 0; index < 105; index += 1) {
      await audit(bed.harness.gateway.ctx, { actor: "admin-a@x.test", teamId: "team-a", action: "key.blocked", targetType: "key", targetId: `key-${index}` });
    }
    const viewer = as("viewer-a@x.test");
    const all = await viewer.audit.list({ teamId: "team-a" });
    expect(all).toHaveLength(100);
    expect(all[0].targetId).toBe("key-104");
    expect((await viewer.audit.list({ teamId: "team-a", limit: 3 })).map((row) => row.targetId)).toEqual(["key-104", "key-103", "key-102"]);
    expect(await viewer.audit.list({ teamId: "team-a", limit: 500 })).toHaveLength(105);
    expect(await errorCode(viewer.audit.list({ teamId: "team-a", limit: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCode(viewer.audit.list({ teamId: "team-a", limit: 501 }))).toBe("BAD_REQUEST");
  });
});
