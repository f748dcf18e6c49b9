import { describe, expect, it } from "vitest";
import { audit } from "../../gateway/audit";
import { copyText } from "../../gateway/testing/cost-map-copies";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// The audit page reads one team's trail: newest first, and never another team's rows.
const bed = dashboardTestbed(
  ["team-a", "team-b"],
  [
    ["admin-a@x.test", "team-a", "admin"],
    ["viewer-a@x.test", "team-a", "viewer"],
    ["owner-b@x.test", "team-b", "owner"],
    ["root@x.test", undefined, "viewer", true],
  ],
);
const { as } = bed;

describe("audit.list", () => {
  it("lists the team's changes newest first, with who, what and the details", async () => {
    const key = await as("admin-a@x.test").keys.create({ teamId: "team-a", alias: "ci", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null });
    await as("admin-a@x.test").rules.setTeamModels({ teamId: "team-a", models: ["gpt-4o"] });
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["claude-sonnet"] });
    const rows = await as("viewer-a@x.test").audit.list({ teamId: "team-a" });
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        actor: "admin-a@x.test",
        action: "rule.team_models_updated",
        targetType: "team",
        targetId: "team-a",
        details: { old: [], new: ["gpt-4o"] },
      },
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

// Instance-wide changes (the cost map) have no team: instance admins read them, with who and from where.
describe("audit.instance", () => {
  it("shows instance admins the cost-map changes made in the dashboard, with actor and source", async () => {
    const root = as("root@x.test");
    const preview = await root.costMap.preview({ content: copyText("feb17a") });
    await root.costMap.applyPreview({ previewId: preview.previewId });
    const dropped = await root.costMap.preview({ content: copyText("feb17b") });
    await root.costMap.discard({ previewId: dropped.previewId });
    await root.costMap.rollback({ versionId: 1 });
    await audit(bed.harness.gateway.ctx, { actor: "master key", teamId: null, action: "cost_map.applied", targetType: "cost_map", targetId: "9", details: { via: "api" } });
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["claude-sonnet"] });

    const rows = await root.audit.instance({});
    expect(rows.map((row) => [row.actor, row.action, row.targetId, row.via])).toEqual([
      ["master key", "cost_map.applied", "9", "api"],
      ["root@x.test", "cost_map.rolled_back", "1", "dashboard"],
      ["root@x.test", "cost_map.discarded", String(dropped.previewId), "dashboard"],
      ["root@x.test", "cost_map.previewed", String(dropped.previewId), "dashboard"],
      ["root@x.test", "cost_map.applied", String(preview.previewId), "dashboard"],
      ["root@x.test", "cost_map.previewed", String(preview.previewId), "dashboard"],
    ]);
    expect(rows[1]).toMatchObject({ targetType: "cost_map", details: { versionId: 1, fromVersionId: preview.previewId, via: "dashboard" } });
    expect((await root.audit.instance({ limit: 2 })).map((row) => row.targetId)).toEqual(["9", "1"]);
  });

  it("is refused to everyone else, team owners and admins included", async () => {
    await audit(bed.harness.gateway.ctx, { actor: "master key", teamId: null, action: "cost_map.applied", targetType: "cost_map", targetId: "2" });
    for (const email of ["admin-a@x.test", "owner-b@x.test", "viewer-a@x.test"]) expect(await errorCode(as(email).audit.instance({}))).toBe("FORBIDDEN");
    expect(await errorCode(as().audit.instance({}))).toBe("UNAUTHORIZED");
    expect(await as("admin-a@x.test").audit.list({ teamId: "team-a" })).toEqual([]);
  });
});
