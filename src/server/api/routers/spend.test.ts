import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, createUser } from "../../auth/users";
import type { NewSpendLogRow, TeamRole, UserRow } from "../../db/schema";
import { newKeyRow } from "../../gateway/keys/new-key-row";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { errorCode } from "../testing/seed-teams";
import { newTeamRow } from "../../gateway/keys/new-team-row";

// Spend per day, key and model, counted from rows whose numbers the test knows; and who may see it.
let harness: Harness;
const users: Record<string, UserRow> = {};
const dayMs = 86_400_000;
const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

beforeEach(async () => {
  harness = await startHarness();
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  for (const [teamId, maxBudget] of [
    ["team-a", 50],
    ["team-b", null],
  ] as const) {
    await ctx.keys.insertTeam({ ...newTeamRow(teamId, `Team ${teamId}`, now), maxBudget });
  }
  // Stored as they are, tokens and all: the spend rows below name them.
  await ctx.database.db.insert(ctx.database.tables.virtualKeys).values([
    { ...newKeyRow("token-a1", "sk-...a1", now), keyAlias: "ci", teamId: "team-a", maxBudget: 150 },
    { ...newKeyRow("token-a2", "sk-...a2", now), keyAlias: "batch", teamId: "team-a" },
    { ...newKeyRow("token-b1", "sk-...b1", now), keyAlias: "b-key", teamId: "team-b" },
  ]);
  const members: Array<[string, string | undefined, TeamRole, boolean]> = [
    ["viewer-a@x.test", "team-a", "viewer", false],
    ["owner-b@x.test", "team-b", "owner", false],
    ["stranger@x.test", undefined, "viewer", false],
    ["root@x.test", undefined, "viewer", true],
  ];
  for (const [email, teamId, role, isAdmin] of members) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery", isAdmin }, now);
    if (teamId) await addMember(ctx.database, teamId, users[email].id, role, now);
  }
});

afterEach(async () => {
  await harness.close();
});

const as = (email?: string) => createCaller({ user: email ? users[email] : undefined, gateway: harness.gateway.ctx });

function record(at: number, row: Partial<NewSpendLogRow>): void {
  harness.gateway.ctx.spend.record({
    requestId: randomUUID(),
    apiKey: null,
    teamId: null,
    callType: "chat",
    model: "gpt-4o",
    modelGroup: "gpt-4o",
    spend: 0,
    unpriced: false,
    startTime: new Date(at),
    endTime: new Date(at + 10),
    status: "success",
    ...row,
  });
}

/** Known rows, left in the writer's buffer: the procedures must flush before they count. */
function recordKnownRows() {
  const now = harness.gateway.ctx.now();
  const a1 = { apiKey: "token-a1", teamId: "team-a" };
  const a2 = { apiKey: "token-a2", teamId: "team-a" };
  record(now, { ...a1, spend: 0.5 });
  record(now, { ...a1, model: "claude-sonnet", modelGroup: "claude-sonnet", spend: 0.25 });
  record(now, { ...a1, model: "gpt-5-nope", modelGroup: null, status: "failure", statusCode: 400 });
  record(now, { ...a2, spend: 1 });
  record(now, { ...a2, unpriced: true });
  record(now - dayMs, { ...a1, spend: 2 });
  record(now - 5 * dayMs, { ...a1, spend: 100 }); // outside a two-day range
  record(now, { apiKey: "token-b1", teamId: "team-b", spend: 7 });
  record(now, { spend: 0.125 }); // the master key: no team
  return { today: utcDay(now), yesterday: utcDay(now - dayMs) };
}

describe("spend.team", () => {
  it("adds up spend, requests, failures and unpriced requests per day, key and model", async () => {
    const { today, yesterday } = recordKnownRows();
    const spend = await as("viewer-a@x.test").spend.team({ teamId: "team-a", days: 2 });

    expect(spend).toMatchObject({ from: yesterday, to: today });
    expect(spend.totals).toEqual({ spend: 3.75, requests: 6, failures: 1, unpriced: 1 });
    expect(spend.days.map(({ day, spend, requests, failures, unpriced }) => ({ day, spend, requests, failures, unpriced }))).toEqual([
      { day: yesterday, spend: 2, requests: 1, failures: 0, unpriced: 0 },
      { day: today, spend: 1.75, requests: 5, failures: 1, unpriced: 1 },
    ]);
    expect(spend.days[1].byKey).toEqual([
      { id: "token-a2", spend: 1, requests: 2, failures: 0, unpriced: 1 },
      { id: "token-a1", spend: 0.75, requests: 3, failures: 1, unpriced: 0 },
    ]);
    expect(spend.days[0].byModel).toEqual([{ id: "gpt-4o", spend: 2, requests: 1, failures: 0, unpriced: 0 }]);
    expect(spend.keys).toEqual([
      { id: "token-a1", alias: "ci", preview: "sk-...a1", inTeam: true, spend: 2.75, requests: 4, failures: 1, unpriced: 0 },
      { id: "token-a2", alias: "batch", preview: "sk-...a2", inTeam: true, spend: 1, requests: 2, failures: 0, unpriced: 1 },
    ]);
    expect(spend.models).toEqual([
      { model: "gpt-4o", spend: 3.5, requests: 4, failures: 0, unpriced: 1 },
      { model: "claude-sonnet", spend: 0.25, requests: 1, failures: 0, unpriced: 0 },
      { model: "gpt-5-nope", spend: 0, requests: 1, failures: 1, unpriced: 0 },
    ]);
    // Budgets are the running totals, older requests included.
    expect(spend.budgets.team).toMatchObject({ maxBudget: 50, spend: 103.75 });
    expect(spend.budgets.keys.find((key) => key.alias === "ci")).toMatchObject({ maxBudget: 150, spend: 102.75 });
    expect(spend.budgets.keys.find((key) => key.alias === "batch")).toMatchObject({ maxBudget: null, spend: 1 });
  });

  it("shows every day of the range, empty ones too, 30 by default", async () => {
    recordKnownRows();
    const spend = await as("viewer-a@x.test").spend.team({ teamId: "team-a" });
    expect(spend.days).toHaveLength(30);
    expect(spend.totals.spend).toBe(103.75);
    expect(spend.days.filter((day) => day.requests === 0)).toHaveLength(27);
  });

  it("counts real traffic through the gateway the same as the spend log", async () => {
    const created = await as("root@x.test").keys.create({ teamId: "team-a", alias: "live", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null });
    for (let index = 0; index < 3; index++) {
      const response = await harness.call("POST", "/v1/chat/completions", { key: created.key, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
      expect(response.status).toBe(200);
    }
    // No wait for the writer's timer: the procedure flushes.
    const spend = await as("viewer-a@x.test").spend.team({ teamId: "team-a", days: 1 });
    const logged = harness.gateway.ctx.database
      .sqlite!.prepare("select count(*) as requests, sum(spend) as spend, sum(unpriced) as unpriced from spend_logs where team_id = 'team-a'")
      .get() as { requests: number; spend: number; unpriced: number };
    expect(spend.keys).toMatchObject([{ alias: "live", requests: 3 }]);
    expect(spend.totals).toMatchObject({ requests: 3, unpriced: logged.unpriced });
    expect(spend.totals.spend).toBeCloseTo(logged.spend, 12);
    expect(spend.models.map((model) => model.model)).toEqual(["gpt-4o"]);
  });

  it("keeps each team to its own spend", async () => {
    recordKnownRows();
    expect(await errorCode(as("viewer-a@x.test").spend.team({ teamId: "team-b" }))).toBe("FORBIDDEN");
    expect(await errorCode(as("stranger@x.test").spend.team({ teamId: "team-a" }))).toBe("FORBIDDEN");
    expect(await errorCode(as().spend.team({ teamId: "team-a" }))).toBe("UNAUTHORIZED");
    const theirs = await as("owner-b@x.test").spend.team({ teamId: "team-b", days: 2 });
    expect(theirs.totals).toEqual({ spend: 7, requests: 1, failures: 0, unpriced: 0 });
    expect(JSON.stringify(theirs)).not.toMatch(/token-a|"ci"|batch/);
  });

  it("takes 1 to 365 days", async () => {
    expect(await errorCode(as("viewer-a@x.test").spend.team({ teamId: "team-a", days: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCode(as("viewer-a@x.test").spend.team({ teamId: "team-a", days: 366 }))).toBe("BAD_REQUEST");
    expect((await as("viewer-a@x.test").spend.team({ teamId: "team-a", days: 365 })).days).toHaveLength(365);
  });
});

describe("spend.teams", () => {
  it("is for instance admins only", async () => {
    expect(await errorCode(as("viewer-a@x.test").spend.teams({}))).toBe("FORBIDDEN");
    expect(await errorCode(as("owner-b@x.test").spend.teams({}))).toBe("FORBIDDEN");
    expect(await errorCode(as().spend.teams({}))).toBe("UNAUTHORIZED");
  });

  it("shows every team's spend per day, requests without a team apart", async () => {
    const { today, yesterday } = recordKnownRows();
    const spend = await as("root@x.test").spend.teams({ days: 2 });
    expect(spend.teams).toEqual([
      { id: "team-b", teamId: "team-b", alias: "Team team-b", spend: 7, requests: 1, failures: 0, unpriced: 0 },
      { id: "team-a", teamId: "team-a", alias: "Team team-a", spend: 3.75, requests: 6, failures: 1, unpriced: 1 },
      { id: "", teamId: null, alias: null, spend: 0.125, requests: 1, failures: 0, unpriced: 0 },
    ]);
    expect(spend.days.map((day) => [day.day, day.byTeam.map((team) => [team.id, team.spend])])).toEqual([
      [yesterday, [["team-a", 2]]],
      [
        today,
        [
          ["team-b", 7],
          ["team-a", 1.75],
          ["", 0.125],
        ],
      ],
    ]);
    expect(spend.totals.spend).toBeCloseTo(10.875, 12);
  });
});
