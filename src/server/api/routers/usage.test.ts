import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, createUser } from "../../auth/users";
import type { NewSpendLogRow, UserRow } from "../../db/schema";
import { newKeyRow } from "../../gateway/keys/new-key-row";
import { newTeamRow } from "../../gateway/keys/new-team-row";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { exportCsv } from "../../services/export/export-csv";
import { createCaller } from "../root";
import { errorCode } from "../testing/seed-teams";

// Usage from the hourly rollups the spend writer keeps: tokens by kind, per day in the report's
// time zone, by model, key, user and tag; and that the rollups agree with the rows.
let harness: Harness;
const users: Record<string, UserRow> = {};
const hourMs = 3_600_000;

beforeEach(async () => {
  harness = await startHarness();
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  for (const teamId of ["team-a", "team-b"]) await ctx.keys.insertTeam(newTeamRow(teamId, `Team ${teamId}`, now));
  await ctx.database.db.insert(ctx.database.tables.virtualKeys).values([
    { ...newKeyRow("token-a1", "sk-...a1", now), keyAlias: "ci", teamId: "team-a" },
    { ...newKeyRow("token-b1", "sk-...b1", now), keyAlias: "b-key", teamId: "team-b" },
  ]);
  for (const [email, teamId, isAdmin] of [
    ["viewer-a@x.test", "team-a", false],
    ["root@x.test", undefined, true],
  ] as const) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery", isAdmin }, now);
    if (teamId) await addMember(ctx.database, teamId, users[email].id, "viewer", now);
  }
});

afterEach(async () => {
  await harness.close();
});

const as = (email?: string) => createCaller({ user: email ? users[email] : undefined, gateway: harness.gateway.ctx });

let next = 0;
function record(at: number, row: Partial<NewSpendLogRow>): void {
  harness.gateway.ctx.spend.record({
    requestId: `r-${next++}`,
    apiKey: "token-a1",
    teamId: "team-a",
    userId: "alice",
    callType: "chat",
    model: "gpt-4o",
    modelGroup: "gpt-4o",
    spend: 0.5,
    promptTokens: 100,
    completionTokens: 50,
    cachedTokens: 10,
    cacheWriteTokens: 5,
    reasoningTokens: 20,
    startTime: new Date(at),
    endTime: new Date(at + 10),
    status: "success",
    ...row,
  });
}

describe("usage.team", () => {
  it("adds up tokens by kind, requests and spend per day, by model, key, user and tag", async () => {
    const now = harness.gateway.ctx.now();
    record(now, {});
    record(now, { model: "claude", modelGroup: "claude", tags: JSON.stringify(["nightly"]), status: "failure", spend: 0 });
    record(now - 86_400_000, { userId: null });
    record(now, { apiKey: "token-b1", teamId: "team-b" });
    // Two writes: the rollups must add to what the first wrote, not replace it.
    await harness.gateway.ctx.spend.flush();
    record(now, { spend: 0.25 });

    const report = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2 });
    expect(report.totals).toEqual({ requests: 4, failures: 1, unpriced: 0, spend: 1.25, inputTokens: 400, outputTokens: 200, cachedTokens: 40, cacheWriteTokens: 20, reasoningTokens: 80 });
    expect(report.days.map((day) => day.requests)).toEqual([1, 3]);
    expect(report.rows.map((row) => [row.value, row.requests, row.spend])).toEqual([
      ["gpt-4o", 3, 1.25],
      ["claude", 1, 0],
    ]);
    const byKey = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2, by: "key" });
    expect(byKey.rows.map((row) => [row.label, row.requests])).toEqual([["ci (sk-...a1)", 4]]);
    const byUser = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2, by: "user" });
    expect(byUser.rows.map((row) => [row.value, row.requests])).toEqual([["alice", 3]]);
    const byTag = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2, by: "tag" });
    expect(byTag.rows.map((row) => [row.value, row.requests])).toEqual([["nightly", 1]]);
    // Instance-wide, by team: team-b's request too; a team viewer may not ask.
    const instance = await as("root@x.test").usage.instance({ days: 2, by: "team" });
    expect(instance.rows.map((row) => [row.label, row.requests])).toEqual([
      ["Team team-a", 4],
      ["Team team-b", 1],
    ]);
    expect(await errorCode(as("viewer-a@x.test").usage.instance({ days: 2 }))).toBe("FORBIDDEN");
  });

  it("puts each hour in the report time zone's day", async () => {
    // 23:30 UTC yesterday is already today in Paris (UTC+1 in winter, the harness's clock).
    const now = harness.gateway.ctx.now();
    const midnightUtc = Math.floor(now / 86_400_000) * 86_400_000;
    record(midnightUtc - hourMs / 2, {});
    const utc = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2, timeZone: "UTC" });
    const paris = await as("viewer-a@x.test").usage.team({ teamId: "team-a", days: 2, timeZone: "Europe/Paris" });
    expect(utc.days.map((day) => day.requests)).toEqual([1, 0]);
    expect(paris.days.find((day) => day.requests === 1)?.day).toBe(new Date(midnightUtc).toISOString().slice(0, 10));
  });
});

describe("GET /api/export/usage", () => {
  const get = (query: string, email?: string) => exportCsv("usage", new Request(`http://localhost/api/export/usage?${query}`), harness.gateway.ctx, email ? users[email] : undefined);

  it("gives a row per day and value, keys by name only", async () => {
    record(harness.gateway.ctx.now(), {});
    const response = await get("teamId=team-a&days=2&by=key", "viewer-a@x.test");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d,UTC,key,,ci \(sk-\.\.\.a1\),1,0,0,0\.5,100,50,10,5,20$/);
    expect(lines.join()).not.toContain("token-a1");
  });

  it("refuses nobody, another team, a team member asking for the instance, and unknown time zones", async () => {
    expect((await get("teamId=team-a")).status).toBe(401);
    expect((await get("teamId=team-b", "viewer-a@x.test")).status).toBe(403);
    expect((await get("by=team", "viewer-a@x.test")).status).toBe(403);
    expect((await get("teamId=team-a&timeZone=Mars/Olympus", "viewer-a@x.test")).status).toBe(400);
    expect((await get("by=team", "root@x.test")).status).toBe(200);
  });
});
