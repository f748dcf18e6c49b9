import { describe, expect, it } from "vitest";
import { decideModelAccess } from "../../gateway/access/model-access";
import { hashKey } from "../../gateway/keys/key-format";
import { masterKey } from "../../gateway/testing/gateway-harness";
import { dashboardTestbed, errorCode } from "../testing/seed-teams";

// Every rules procedure, called as members of two teams, against a real gateway: the lists the
// page saves are the lists the gateway enforces, and the tester answers as the gateway does.
const bed = dashboardTestbed(
  ["team-a", "team-b"],
  [
    ["admin-a@x.test", "team-a", "admin"],
    ["viewer-a@x.test", "team-a", "viewer"],
    ["owner-b@x.test", "team-b", "owner"],
  ],
);
const { as } = bed;

async function createKey(email: string, teamId: string, alias: string, models: string[] = []) {
  const created = await as(email).keys.create({ teamId, alias, models, maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null });
  return { plain: created.key, id: created.summary.id };
}

const chat = (key: string, model: string) => bed.harness.call("POST", "/v1/chat/completions", { key, body: { model, messages: [{ role: "user", content: "hi" }] } });
const auditActions = (teamId: string) => bed.harness.gateway.ctx.database.sqlite!.prepare("select action from audit_log where team_id = ? and action like 'rule.%' order by id").all(teamId);

describe("rules procedures authorise first", () => {
  it("shows a team's list and each key's, and lets an admin change both", async () => {
    const key = await createKey("admin-a@x.test", "team-a", "ci", ["gpt-4o"]);
    const admin = as("admin-a@x.test");
    expect(await admin.rules.setTeamModels({ teamId: "team-a", models: [" gpt-*-mini ", "anthropic/*"] })).toMatchObject({ models: ["gpt-*-mini", "anthropic/*"] });
    expect(await admin.rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["claude-*"] })).toMatchObject({ id: key.id, alias: "ci", models: ["claude-*"] });
    const rules = await as("viewer-a@x.test").rules.get({ teamId: "team-a" });
    expect(rules.team).toEqual({ teamId: "team-a", alias: "team-a", models: ["gpt-*-mini", "anthropic/*"] });
    expect(rules.keys).toEqual([{ id: key.id, alias: "ci", preview: expect.stringMatching(/^sk-/), models: ["claude-*"] }]);
    expect(JSON.stringify(rules)).not.toContain(key.plain);
  });

  it("never lets a member of team A read, test or change team B's rules", async () => {
    const theirs = await createKey("owner-b@x.test", "team-b", "b-key", ["gpt-4o"]);
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["gpt-4o"] });
    const admin = as("admin-a@x.test");
    const teamB = { teamId: "team-b" };
    expect(await errorCode(admin.rules.get(teamB))).toBe("FORBIDDEN");
    expect(await errorCode(admin.rules.coverage(teamB))).toBe("FORBIDDEN");
    expect(await errorCode(admin.rules.test({ ...teamB, model: "gpt-4o" }))).toBe("FORBIDDEN");
    expect(await errorCode(admin.rules.test({ ...teamB, model: "gpt-4o", keyId: theirs.id }))).toBe("FORBIDDEN");
    expect(await errorCode(admin.rules.setTeamModels({ ...teamB, models: ["*"] }))).toBe("FORBIDDEN");
    expect(await errorCode(admin.rules.setKeyModels({ ...teamB, id: theirs.id, models: ["*"] }))).toBe("FORBIDDEN");
    // Its own team id with the other team's key id: not found, and nothing changes.
    expect(await errorCode(admin.rules.setKeyModels({ teamId: "team-a", id: theirs.id, models: ["*"] }))).toBe("NOT_FOUND");
    expect(await errorCode(admin.rules.test({ teamId: "team-a", model: "gpt-4o", keyId: theirs.id }))).toBe("NOT_FOUND");
    // The key's hash is its id; its plain value is no id at all.
    expect(await errorCode(admin.rules.setKeyModels({ teamId: "team-a", id: theirs.plain, models: ["*"] }))).toBe("NOT_FOUND");
    const after = await as("owner-b@x.test").rules.get(teamB);
    expect(after.team.models).toEqual(["gpt-4o"]);
    expect(after.keys.map((key) => key.models)).toEqual([["gpt-4o"]]);
    expect(auditActions("team-a")).toEqual([]);
    expect((await bed.harness.gateway.ctx.keys.findKey(hashKey(theirs.plain)))?.models).toEqual(["gpt-4o"]);
  });

  it("keeps viewers to reading and testing, and strangers out", async () => {
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    const viewer = as("viewer-a@x.test");
    expect(await errorCode(viewer.rules.setTeamModels({ teamId: "team-a", models: ["gpt-4o"] }))).toBe("FORBIDDEN");
    expect(await errorCode(viewer.rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["gpt-4o"] }))).toBe("FORBIDDEN");
    expect((await viewer.rules.test({ teamId: "team-a", model: "gpt-4o" })).allowed).toBe(true);
    expect((await viewer.rules.coverage({ teamId: "team-a" })).entries).toEqual([]);
    expect((await viewer.rules.get({ teamId: "team-a" })).team.models).toEqual([]);
    expect(await errorCode(as().rules.get({ teamId: "team-a" }))).toBe("UNAUTHORIZED");
    expect(await errorCode(as().rules.test({ teamId: "team-a", model: "gpt-4o" }))).toBe("UNAUTHORIZED");
    expect((await bed.harness.gateway.ctx.keys.findTeam("team-a"))?.models).toEqual([]);
  });

  it("validates lists: 1..256 characters an entry, at most 200 entries", async () => {
    const admin = as("admin-a@x.test");
    const set = (models: string[]) => errorCode(admin.rules.setTeamModels({ teamId: "team-a", models }));
    expect(await set(["gpt-4o", "  "])).toBe("BAD_REQUEST");
    expect(await set(["x".repeat(257)])).toBe("BAD_REQUEST");
    expect(await set(Array.from({ length: 201 }, (_, index) => `model-${index}`))).toBe("BAD_REQUEST");
    expect(await set(["x".repeat(256), ...Array.from({ length: 199 }, (_, index) => `model-${index}`)])).toBe("no error");
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    expect(await errorCode(admin.rules.test({ teamId: "team-a", model: "gpt-4o", keyId: key.id, models: ["gpt-4o"] }))).toBe("BAD_REQUEST");
    expect(await errorCode(admin.rules.test({ teamId: "team-a", model: "" }))).toBe("BAD_REQUEST");
  });
});

describe("the lists the page saves are the lists the gateway enforces", () => {
  it("a team list change is seen by the gateway at once", async () => {
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    const admin = as("admin-a@x.test");
    expect((await chat(key.plain, "gpt-4o")).status).toBe(200); // warms the gateway's key and team cache
    await admin.rules.setTeamModels({ teamId: "team-a", models: ["claude-sonnet"] });
    const refused = await chat(key.plain, "gpt-4o");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("team not allowed");
    await admin.rules.setTeamModels({ teamId: "team-a", models: ["openai/*"] });
    expect((await chat(key.plain, "gpt-4o")).status).toBe(200);
    const team = (await bed.harness.gateway.ctx.keys.findTeam("team-a"))!;
    expect(decideModelAccess({ kind: "key", key: (await bed.harness.gateway.ctx.keys.findKey(key.id))!, team }, "claude-sonnet", bed.harness.gateway.ctx.catalog)).toMatchObject({
      allowed: false,
      deniedBy: "team",
    });
  });

  it("a key list change is seen by the gateway at once", async () => {
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    expect((await chat(key.plain, "gpt-4o")).status).toBe(200);
    await as("admin-a@x.test").rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["claude-*"] });
    const refused = await chat(key.plain, "gpt-4o");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("key not allowed");
  });

  it("records each change with the old and the new list, in the team's audit log", async () => {
    const key = await createKey("admin-a@x.test", "team-a", "ci", ["gpt-4o"]);
    await as("admin-a@x.test").rules.setTeamModels({ teamId: "team-a", models: ["anthropic/*"] });
    await as("admin-a@x.test").rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["claude-*"] });
    const rows = await as("viewer-a@x.test").audit.list({ teamId: "team-a" });
    expect(rows.slice(0, 2)).toMatchObject([
      { actor: "admin-a@x.test", action: "rule.key_models_updated", targetType: "key", details: { alias: "ci", old: ["gpt-4o"], new: ["claude-*"] } },
      { actor: "admin-a@x.test", action: "rule.team_models_updated", targetType: "team", targetId: "team-a", details: { old: [], new: ["anthropic/*"] } },
    ]);
    expect(auditActions("team-b")).toEqual([]);
  });
});

describe("the tester answers as the gateway does", () => {
  /** The HTTP rule tester, as the master key calls it, for the same stored key. */
  async function gatewayAnswer(plainKey: string, model: string) {
    const response = await bed.harness.call("POST", "/model_access/check", { key: masterKey, body: { model, key: plainKey } });
    expect(response.status).toBe(200);
    return (await response.json()) as { allowed: boolean; denied_by: string | null; rules: Array<{ entry: string; matched_name: string | null }>; names: string[]; route: unknown };
  }

  it("decides with the team's patterns: anchored, and through the active cost map", async () => {
    const admin = as("admin-a@x.test");
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    await admin.rules.setTeamModels({ teamId: "team-a", models: ["gpt-*-mini", "anthropic/*"] });
    const test = (model: string) => admin.rules.test({ teamId: "team-a", model, keyId: key.id });
    const version = bed.harness.gateway.ctx.costMaps.active.current().versionId;

    const tts = await test("gpt-4o-mini-tts");
    expect(tts).toMatchObject({ allowed: false, rules: [], refusal: { level: "team", list: ["gpt-*-mini", "anthropic/*"] }, costMapVersion: version });
    const mini = await test("gpt-4o-mini");
    expect(mini).toMatchObject({ allowed: true, rules: [{ level: "team", entry: "gpt-*-mini", via: "pattern", matchedName: "gpt-4o-mini" }], refusal: null });
    const claude = await test("claude-sonnet-4-5");
    expect(claude).toMatchObject({ allowed: true, rules: [{ level: "team", entry: "anthropic/*", via: "pattern", matchedName: "anthropic/claude-sonnet-4-5" }] });
    expect(claude.names).toEqual(expect.arrayContaining(["claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"]));

    for (const [model, answer] of [
      ["gpt-4o-mini-tts", tts],
      ["gpt-4o-mini", mini],
      ["claude-sonnet-4-5", claude],
    ] as const) {
      const http = await gatewayAnswer(key.plain, model);
      expect({ allowed: answer.allowed, deniedBy: answer.refusal?.level ?? null, names: answer.names }).toEqual({ allowed: http.allowed, deniedBy: http.denied_by, names: http.names });
      expect(answer.rules.map((rule) => [rule.entry, rule.matchedName])).toEqual(http.rules.map((rule) => [rule.entry, rule.matched_name]));
      const inference = await chat(key.plain, model);
      expect(inference.status === 403).toBe(!answer.allowed);
    }
  });

  it("tests a draft key list under the team's list, and says where a model would go", async () => {
    const admin = as("admin-a@x.test");
    await admin.rules.setTeamModels({ teamId: "team-a", models: ["anthropic/*", "gpt-4o"] });
    const draft = (model: string, models: string[]) => admin.rules.test({ teamId: "team-a", model, models });
    expect(await draft("claude-sonnet-4-5", ["claude-*"])).toMatchObject({
      allowed: true,
      rules: [
        { level: "team", entry: "anthropic/*", via: "pattern" },
        { level: "key", entry: "claude-*", via: "pattern", matchedName: "claude-sonnet-4-5" },
      ],
    });
    expect(await draft("gpt-4o", ["claude-*"])).toMatchObject({ allowed: false, refusal: { level: "key", list: ["claude-*"] } });
    const http = await bed.harness.call("POST", "/model_access/check", { key: masterKey, body: { model: "claude-sonnet-4-5", models: ["claude-*"], team_id: "team-a" } });
    expect(await http.json()).toMatchObject({
      allowed: true,
      rules: [
        { level: "team", entry: "anthropic/*" },
        { level: "key", entry: "claude-*", matched_name: "claude-sonnet-4-5" },
      ],
    });
    expect(await draft("gpt-4o", [])).toMatchObject({ allowed: true, rules: [{ level: "team", entry: "gpt-4o", via: "exact" }], route: { modelGroup: "gpt-4o", model: "gpt-4o" } });
    // Neither a key nor a draft: the team's list alone.
    expect(await admin.rules.test({ teamId: "team-a", model: "claude-sonnet" })).toMatchObject({ allowed: true, route: { modelGroup: "claude-sonnet", model: "claude-sonnet" } });
    expect(await admin.rules.test({ teamId: "team-a", model: "mistral-large" })).toMatchObject({ allowed: false, route: null, refusal: { level: "team" } });
  });
});

describe("coverage", () => {
  it("counts the known names each entry covers", async () => {
    const admin = as("admin-a@x.test");
    const key = await createKey("admin-a@x.test", "team-a", "ci");
    await admin.rules.setTeamModels({ teamId: "team-a", models: ["anthropic/*", "gpt-4o", "not-a-model", "gpt-*-mini"] });
    await admin.rules.setKeyModels({ teamId: "team-a", id: key.id, models: ["anthropic/*", "claude-sonnet"] });
    // Independently: the active version's stored content, read as plain JSON.
    const { store, active } = bed.harness.gateway.ctx.costMaps;
    const content = JSON.parse((await store.version(active.current().versionId))!.content) as Record<string, { litellm_provider?: string }>;
    const anthropic = Object.entries(content).filter(([name, entry]) => entry.litellm_provider === "anthropic" || name.startsWith("anthropic/"));
    const bareNames = new Set(anthropic.map(([name]) => name.replace(/^anthropic\//, "")));
    // A router's entry goes by its bare name too: `openrouter/anthropic/claude-3.5-sonnet` as `anthropic/claude-3.5-sonnet`.
    for (const name of Object.keys(content)) {
      const bare = name.slice(name.indexOf("/") + 1);
      if (bare.startsWith("anthropic/")) bareNames.add(bare.slice("anthropic/".length));
    }
    expect(bareNames.size).toBeGreaterThan(0);

    const coverage = await as("viewer-a@x.test").rules.coverage({ teamId: "team-a" });
    const count = (entry: string) => coverage.entries.find((candidate) => candidate.entry === entry);
    expect(coverage.entries.map((entry) => entry.entry).sort()).toEqual(["anthropic/*", "claude-sonnet", "gpt-*-mini", "gpt-4o", "not-a-model"]);
    expect(count("anthropic/*")).toEqual({ entry: "anthropic/*", kind: "pattern", count: bareNames.size });
    expect(count("gpt-4o")).toEqual({ entry: "gpt-4o", kind: "exact", count: 1 });
    expect(count("claude-sonnet")).toEqual({ entry: "claude-sonnet", kind: "exact", count: 1 });
    expect(count("not-a-model")).toEqual({ entry: "not-a-model", kind: "exact", count: 0 });
    const minis = new Set(
      Object.keys(content)
        .map((name) => name.slice(name.indexOf("/") + 1))
        .filter((name) => /^gpt-.*-mini$/.test(name)),
    );
    expect(count("gpt-*-mini")?.count).toBe(minis.size);
    expect(minis.size).toBeGreaterThan(0);
    expect(coverage.costMapVersion).toBe(active.current().versionId);
  });
});

describe("rules.checkKeyModels", () => {
  it("warns about a typo with the near match, a pattern that matches nothing, and names the team refuses", async () => {
    await as("owner-b@x.test").rules.setTeamModels({ teamId: "team-b", models: ["gpt-4o"] });
    const { warnings } = await as("owner-b@x.test").rules.checkKeyModels({ teamId: "team-b", models: ["gpt4o", "gpt-4o", "claude-sonnet", "nothing-like-it-*", "gpt-4o"] });
    expect(warnings).toEqual([
      { entry: "gpt4o", kind: "unknown", suggestion: "gpt-4o" },
      { entry: "claude-sonnet", kind: "blocked_by_team" },
      { entry: "nothing-like-it-*", kind: "matches_nothing" },
    ]);
  });

  it("says nothing about a list the team allows, and refuses another team's caller", async () => {
    expect(await as("admin-a@x.test").rules.checkKeyModels({ teamId: "team-a", models: ["gpt-4o", "claude-*"] })).toEqual({ warnings: [] });
    expect(await errorCode(as("admin-a@x.test").rules.checkKeyModels({ teamId: "team-b", models: ["gpt-4o"] }))).toBe("FORBIDDEN");
  });
});
