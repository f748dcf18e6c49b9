import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, createUser } from "../../auth/users";
import type { NewSpendLogRow, UserRow } from "../../db/schema";
import { newKeyRow } from "../../gateway/keys/new-key-row";
import { newTeamRow } from "../../gateway/keys/new-team-row";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { exportCsv } from "../../services/export/export-csv";
import { createCaller } from "../root";
import { errorCode } from "../testing/seed-teams";

// The request logs: keyset pages that neither skip nor repeat a row, every filter, the detail
// panel, the CSV export under the same filters, and team scoping of all of them.
let harness: Harness;
const users: Record<string, UserRow> = {};

beforeEach(async () => {
  harness = await startHarness();
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  for (const teamId of ["team-a", "team-b"]) await ctx.keys.insertTeam(newTeamRow(teamId, `Team ${teamId}`, now));
  await ctx.database.db.insert(ctx.database.tables.virtualKeys).values([
    { ...newKeyRow("token-a1", "sk-...a1", now), keyAlias: "ci", teamId: "team-a" },
    { ...newKeyRow("token-a2", "sk-...a2", now), keyAlias: "batch", teamId: "team-a" },
    { ...newKeyRow("token-b1", "sk-...b1", now), keyAlias: "b-key", teamId: "team-b" },
  ]);
  for (const [email, teamId, isAdmin] of [
    ["viewer-a@x.test", "team-a", false],
    ["owner-b@x.test", "team-b", false],
    ["root@x.test", undefined, true],
  ] as const) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery", isAdmin }, now);
    if (teamId) await addMember(ctx.database, teamId, users[email].id, email.startsWith("viewer") ? "viewer" : "owner", now);
  }
});

afterEach(async () => {
  await harness.close();
});

const as = (email?: string) => createCaller({ user: email ? users[email] : undefined, gateway: harness.gateway.ctx });

function record(requestId: string, at: number, row: Partial<NewSpendLogRow>): void {
  harness.gateway.ctx.spend.record({
    requestId,
    apiKey: "token-a1",
    teamId: "team-a",
    callType: "chat",
    model: "gpt-4o",
    modelGroup: "gpt-4o",
    modelId: "gpt-4o-east",
    spend: 0.001,
    startTime: new Date(at),
    endTime: new Date(at + 25),
    status: "success",
    ...row,
  });
}

/** 30 of team-a's requests a second apart, five sharing one instant (the keyset's tie-break), and one of team-b's. */
function recordRows() {
  const now = harness.gateway.ctx.now();
  for (let index = 0; index < 25; index++) record(`req-${String(index).padStart(2, "0")}`, now - (30 - index) * 1000, {});
  for (let index = 0; index < 5; index++)
    record(`tie-${index}`, now - 2000, { apiKey: "token-a2", model: "claude", modelGroup: "claude", modelId: "claude-1", tags: JSON.stringify(["batch-job", "nightly"]) });
  record("fail-1", now - 1000, {
    status: "failure",
    statusCode: 429,
    errorMessage: "rate limited",
    spend: 0,
    attemptedFallbacks: 1,
    affinity: "response_id",
    cachedTokens: 3,
    reasoningTokens: 4,
    promptTokens: 10,
    completionTokens: 20,
    totalTokens: 30,
    costMapVersion: 2,
  });
  record("b-1", now - 500, { apiKey: "token-b1", teamId: "team-b" });
}

describe("logs.list", () => {
  it("pages newest first by (start time, request id): every row once, ties included", async () => {
    recordRows();
    const seen: string[] = [];
    let cursor;
    for (let pages = 0; pages < 10; pages++) {
      const page = await as("viewer-a@x.test").logs.list({ teamId: "team-a", limit: 7, cursor });
      seen.push(...page.rows.map((row) => row.requestId));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    expect(seen[0]).toBe("fail-1");
    expect(seen.slice(1, 6)).toEqual(["tie-4", "tie-3", "tie-2", "tie-1", "tie-0"]);
    expect(seen).not.toContain("b-1");
  });

  it("filters by key (alias or preview), model, deployment, status, request id, tag and time", async () => {
    recordRows();
    const now = harness.gateway.ctx.now();
    const list = (filters: object) =>
      as("viewer-a@x.test")
        .logs.list({ teamId: "team-a", limit: 100, ...filters })
        .then((page) => page.rows.map((row) => row.requestId).sort());
    const ties = ["tie-0", "tie-1", "tie-2", "tie-3", "tie-4"];
    expect(await list({ key: "batch" })).toEqual(ties);
    expect(await list({ key: "sk-...a2" })).toEqual(ties);
    expect(await list({ key: "b-key" })).toEqual([]); // another team's key names nothing here
    expect(await list({ model: "claude" })).toEqual(ties);
    expect(await list({ deployment: "claude-1" })).toEqual(ties);
    expect(await list({ status: "failure" })).toEqual(["fail-1"]);
    expect(await list({ requestId: "req-03" })).toEqual(["req-03"]);
    expect(await list({ requestId: "b-1" })).toEqual([]);
    expect(await list({ tag: "nightly" })).toEqual(ties);
    expect(await list({ tag: "night" })).toEqual([]); // whole tags only
    expect(await list({ from: now - 1500, to: now })).toEqual(["fail-1"]);
  });

  it("names keys by alias and preview, and shows only the caller's team", async () => {
    recordRows();
    const page = await as("owner-b@x.test").logs.list({ teamId: "team-b" });
    expect(page.rows.map((row) => [row.requestId, row.keyAlias, row.keyPreview])).toEqual([["b-1", "b-key", "sk-...b1"]]);
    expect(await errorCode(as("owner-b@x.test").logs.list({ teamId: "team-a" }))).toBe("FORBIDDEN");
    const all = await as("root@x.test").logs.listAll({ limit: 100 });
    expect(all.rows).toHaveLength(32);
    expect((await as("root@x.test").logs.listAll({ team: "team-b" })).rows.map((row) => row.requestId)).toEqual(["b-1"]);
  });
});

describe("logs.get", () => {
  it("gives the detail: timings, tokens by kind, cost-map version, routing and error", async () => {
    recordRows();
    const detail = await as("viewer-a@x.test").logs.get({ teamId: "team-a", requestId: "fail-1" });
    expect(detail).toMatchObject({
      durationMs: 25,
      status: "failure",
      statusCode: 429,
      errorMessage: "rate limited",
      costMapVersion: 2,
      attemptedFallbacks: 1,
      affinity: "response_id",
      deployment: "gpt-4o-east",
      tokens: { input: 10, output: 20, cached: 3, cacheWrite: 0, reasoning: 4, total: 30 },
    });
  });

  it("reads another team's request as missing", async () => {
    recordRows();
    expect(await errorCode(as("viewer-a@x.test").logs.get({ teamId: "team-a", requestId: "b-1" }))).toBe("NOT_FOUND");
    expect((await as("root@x.test").logs.getAny({ requestId: "b-1" })).teamId).toBe("team-b");
  });
});

describe("GET /api/export/request-logs", () => {
  const get = (query: string, email?: string) =>
    exportCsv("request-logs", new Request(`http://localhost/api/export/request-logs?${query}`), harness.gateway.ctx, email ? users[email] : undefined);

  it("streams the filtered rows as CSV, formula-like cells defused", async () => {
    recordRows();
    record("formula", harness.gateway.ctx.now() - 100, { model: "=HYPERLINK(1)", modelGroup: null });
    const response = await get("teamId=team-a&status=success&key=ci", "viewer-a@x.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toContain("request_id,start_time");
    expect(lines).toHaveLength(1 + 26);
    expect(lines[1]).toContain("'=HYPERLINK(1)");
    expect(lines.some((line) => line.startsWith("tie-") || line.startsWith("b-1"))).toBe(false);
  });

  it("refuses nobody (401), another team's member and a team member asking for every team (403), bad input (400)", async () => {
    expect((await get("teamId=team-a")).status).toBe(401);
    expect((await get("teamId=team-a", "owner-b@x.test")).status).toBe(403);
    expect((await get("", "viewer-a@x.test")).status).toBe(403);
    expect((await get(`teamId=${"x".repeat(300)}`, "root@x.test")).status).toBe(400);
    expect((await get("teamId=team-a&status=maybe", "viewer-a@x.test")).status).toBe(400);
    expect((await get("", "root@x.test")).status).toBe(200);
  });
});
