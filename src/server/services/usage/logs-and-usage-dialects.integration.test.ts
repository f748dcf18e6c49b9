import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../api/root";
import { createUser } from "../../auth/users";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../db/testing/postgres-database";
import { masterKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { exportCsv } from "../export/export-csv";

// The request logs, usage and spend queries (keyset conditions, the VALUES join over report days,
// the rollup upserts) answer the same on both dialects.
describe.each(["sqlite", "postgres"] as const)("logs and usage on %s", (dialect) => {
  let postgres: PostgresTestDatabase | undefined;
  let harness: Harness;

  beforeAll(async () => {
    if (dialect === "postgres") postgres = await createPostgresDatabase("sy_logs_usage");
  });
  afterAll(async () => {
    await postgres?.drop();
  });
  beforeEach(async () => {
    harness = await startHarness(20_000_000, { databaseUrl: postgres?.url });
  });
  afterEach(async () => {
    await harness.close();
    if (postgres) await postgres.query("drop schema public cascade; drop schema if exists drizzle cascade; create schema public");
  });

  it("pages, filters and sums the same requests", async () => {
    const { ctx } = harness.gateway;
    const admin = (path: string, body: object) => harness.call("POST", path, { key: masterKey, body });
    expect((await admin("/team/new", { team_id: "team-a" })).status).toBe(200);
    const { key } = (await (await admin("/key/generate", { team_id: "team-a", key_alias: "ci", user_id: "alice" })).json()) as { key: string };
    for (let index = 0; index < 5; index++) {
      const response = await harness.call("POST", "/v1/chat/completions", {
        key,
        headers: { "x-litellm-tags": index < 2 ? "eval" : "batch" },
        body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
      });
      expect(response.status).toBe(200);
    }
    // Two writes: the second batch's upserts add to the first's sums.
    await ctx.spend.flush();
    await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
    const root = await createUser(ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, new Date(ctx.now()));
    const as = createCaller({ user: root, gateway: ctx });

    const first = await as.logs.list({ teamId: "team-a", limit: 4 });
    const second = await as.logs.list({ teamId: "team-a", limit: 4, cursor: first.next! });
    expect(new Set([...first.rows, ...second.rows].map((row) => row.requestId)).size).toBe(6);
    expect(second.next).toBeNull();
    expect((await as.logs.list({ teamId: "team-a", tag: "eval" })).rows).toHaveLength(2);
    expect((await as.logs.listAll({ key: "ci" })).rows).toHaveLength(6);
    expect((await as.logs.get({ teamId: "team-a", requestId: first.rows[0].requestId })).userId).toBe("alice");

    const byTag = await as.usage.team({ teamId: "team-a", days: 2, by: "tag", timeZone: "Europe/Paris" });
    expect(byTag.totals.requests).toBe(6);
    expect(byTag.rows.map((row) => [row.value, row.requests])).toEqual([
      ["batch", 3],
      ["eval", 2],
    ]);
    expect((await as.usage.team({ teamId: "team-a", days: 2, by: "key" })).rows.map((row) => [row.label, row.requests])).toEqual([[expect.stringContaining("ci"), 6]]);
    expect((await as.usage.instance({ days: 2, by: "team" })).rows.map((row) => [row.value, row.requests])).toEqual([["team-a", 6]]);
    const spend = await as.spend.teams({ days: 2 });
    expect(spend.totals.requests).toBe(6);
    expect((await as.spend.team({ teamId: "team-a", days: 2 })).keys.map((row) => row.requests)).toEqual([6]);

    const csv = await (await exportCsv("usage", new Request("http://localhost/api/export/usage?teamId=team-a&by=model&days=2"), ctx, root)).text();
    expect(csv.trim().split("\r\n")[1]).toMatch(/,UTC,model,gpt-4o,gpt-4o,6,0,/);
  });
});
