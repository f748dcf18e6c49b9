import { randomUUID } from "node:crypto";
import { getTableColumns, getTableName, sql, type Table } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issuePasswordToken, redeemPasswordToken } from "../auth/password-tokens";
import { createCaller } from "../api/root";
import { addMember, checkCredentials, closeSession, createUser, membershipsOf, openSession, userOfSession } from "../auth/users";
import { affinityRow } from "../gateway/testing/affinity-database";
import { CredentialCipher } from "../gateway/credentials/credential-cipher";
import { CredentialStore } from "../gateway/credentials/credential-store";
import { copyText } from "../gateway/testing/cost-map-copies";
import { masterKey, startHarness, type Harness } from "../gateway/testing/gateway-harness";
import * as postgresSchema from "./schema-postgres";
import * as sqliteSchema from "./schema";
import { createPostgresDatabase, type PostgresTestDatabase } from "./testing/postgres-database";

// One set of domain code over both dialects: the same gateway, management API, dashboard
// procedures and stores, run once on SQLite and once on PostgreSQL, must answer the same.

const tables = (schema: Record<string, unknown>) =>
  Object.values(schema).filter((value): value is Table => typeof value === "object" && value !== null && getTableName(value as Table) !== undefined && "getSQL" in (value as object));

describe("the two schemas", () => {
  it("have the same tables, columns, nullability and defaults", () => {
    const shape = (schema: Record<string, unknown>) =>
      Object.fromEntries(
        tables(schema).map((table) => [
          getTableName(table),
          Object.fromEntries(
            Object.values(getTableColumns(table)).map((column) => [
              column.name,
              { notNull: column.notNull, primary: column.primary, hasDefault: column.primary ? "key" : column.hasDefault },
            ]),
          ),
        ]),
      );
    // SQLite settles key totals from the rows after a mark; PostgreSQL writes them with every batch.
    const { spend_settlement: settlement, ...sqlite } = shape(sqliteSchema);
    expect(settlement).toBeDefined();
    expect(Object.keys(sqlite).length).toBeGreaterThanOrEqual(10);
    expect(shape(postgresSchema)).toEqual(sqlite);
  });
});

describe.each(["sqlite", "postgres"] as const)("on %s", (dialect) => {
  let postgres: PostgresTestDatabase | undefined;
  let harness: Harness;

  beforeAll(async () => {
    if (dialect === "postgres") postgres = await createPostgresDatabase("sy_dialects");
  });
  afterAll(async () => {
    await postgres?.drop();
  });
  beforeEach(async () => {
    if (postgres) await postgres.query("drop schema public cascade; drop schema if exists drizzle cascade; create schema public");
    harness = await startHarness(20_000_000, { databaseUrl: postgres?.url });
  });
  afterEach(async () => {
    await harness.close();
  });

  const admin = (path: string, body?: object) => harness.call(body ? "POST" : "GET", path, { key: masterKey, body });

  it("opens the right dialect and migrates it", () => {
    expect(harness.gateway.ctx.database.dialect).toBe(dialect);
  });

  it("keeps keys and teams, prices requests, writes spend rows and enforces budgets", async () => {
    expect((await admin("/team/new", { team_id: "team-a", max_budget: 100 })).status).toBe(200);
    const generated = await admin("/key/generate", { team_id: "team-a", key_alias: "ci", models: ["gpt-4o"], max_budget: 0.00002, metadata: { "it's": 'a "quote"' } });
    expect(generated.status).toBe(200);
    const { key } = (await generated.json()) as { key: string };

    const first = await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
    expect(first.status).toBe(200);
    const requestId = first.headers.get("x-switchyard-request-id");
    await harness.gateway.ctx.spend.flush();

    const logs = (await (await admin(`/spend/logs?request_id=${requestId}`)).json()) as Array<{ spend: number; total_tokens: number; status: string }>;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ total_tokens: 6, status: "success" });
    expect(logs[0].spend).toBeGreaterThan(0.00002); // 5 + 1 tokens of gpt-4o cost more than the budget

    const info = (await (await admin(`/key/info?key=${key}`)).json()) as { info: { spend: number; metadata: Record<string, string>; last_active: string | null } };
    expect(info.info.spend).toBeCloseTo(logs[0].spend, 12);
    expect(Math.abs(Date.parse(info.info.last_active!) - Date.now())).toBeLessThan(60_000);
    expect(info.info.metadata).toEqual({ "it's": 'a "quote"' });
    const team = (await (await admin("/team/info?team_id=team-a")).json()) as { team_info: { spend: number } };
    expect(team.team_info.spend).toBeCloseTo(logs[0].spend, 12);

    const refused = await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4o", messages: [{ role: "user", content: "again" }] } });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("budget_exceeded");

    expect((await admin("/key/block", { key })).status).toBe(200);
    expect((await harness.call("POST", "/v1/chat/completions", { key, body: { model: "gpt-4o", messages: [] } })).status).toBe(401);
  });

  it("inserts a batch of any size whole (32 rows to a statement on SQLite), defaults filled, duplicates ignored", async () => {
    const { database } = harness.gateway.ctx;
    const { spendLogs } = database.tables;
    const start = new Date(Date.UTC(2026, 1, 17, 12));
    const row = (index: number) => ({
      requestId: `req-${String(index).padStart(3, "0")}`,
      apiKey: `key-${index % 3}`,
      callType: "chat",
      model: "gpt-4o",
      spend: index / 1000,
      startTime: start,
      endTime: start,
      status: "success" as const,
    });
    // 70 rows: two full statements and six single ones; then a re-sent row and a new one.
    await database.insertMany(
      database.db,
      spendLogs,
      Array.from({ length: 70 }, (_, index) => row(index)),
    );
    await database.insertMany(database.db, spendLogs, [{ ...row(5), model: "changed" }, row(70)]);
    const stored = await database.db.select().from(spendLogs).orderBy(spendLogs.requestId);
    expect(stored.map((entry) => entry.requestId)).toEqual(Array.from({ length: 71 }, (_, index) => `req-${String(index).padStart(3, "0")}`));
    expect(stored[5]).toMatchObject({ model: "gpt-4o", apiKey: "key-2", spend: 0.005, unpriced: false, promptTokens: 0, startTime: start });
    expect(stored[69]).toMatchObject({ requestId: "req-069", spend: 0.069 });
  });

  it("inserts awkward values in a batch exactly as they were (PostgreSQL sends the batch as one JSON text)", async () => {
    const { database } = harness.gateway.ctx;
    const { spendLogs } = database.tables;
    const at = new Date(Date.UTC(2026, 1, 17, 12, 0, 0, 789));
    const awkward = [`it's "quoted" \\ back\\slash`, "line\nbreak\ttab", "ünïcödé ✓ 😀", '{"looks":"like json"}', "null", ""];
    const rows = awkward.map((model, index) => ({
      requestId: `req-awkward-${index}`,
      apiKey: index === 0 ? null : `key-${index}`,
      callType: "chat",
      model,
      spend: index === 1 ? 1e-9 : 123456.789,
      costMapVersion: index === 2 ? 2_147_483_647 : null,
      startTime: at,
      endTime: new Date(at.getTime() + index),
      status: "failure" as const,
      errorMessage: index === 3 ? "x".repeat(1000) : null,
    }));
    await database.batch.transaction((tx) => database.insertMany(tx, spendLogs, rows));
    const stored = await database.db.select().from(spendLogs).orderBy(spendLogs.requestId);
    expect(stored).toHaveLength(awkward.length);
    for (const [index, row] of rows.entries()) {
      expect(stored[index]).toMatchObject({ ...row, unpriced: false, promptTokens: 0, totalTokens: 0, statusCode: null });
    }
  });

  it("gives batch writes connections of their own: a request's query does not wait for a batch", async () => {
    const { database } = harness.gateway.ctx;
    if (dialect === "sqlite") return expect(database.batch).toBe(database);
    // Every batch connection busy for a second, as a long spend write would keep them.
    const batches = [1, 2].map(() => database.batch.transaction((tx) => database.rows(tx, sql`select pg_sleep(1)`)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await database.db.select().from(database.tables.teams);
    expect(Date.now() - started).toBeLessThan(500);
    await Promise.all(batches);
  });

  it("stores, finds and purges Responses affinity, first writer winning", async () => {
    const { store } = harness.gateway.ctx.affinity;
    const now = Date.UTC(2026, 1, 17, 12);
    await store.record([affinityRow("resp_1"), affinityRow("rs_1"), affinityRow("enc:abc", { teamId: "team-a" })]);
    await store.record([affinityRow("resp_1", { deploymentId: "dep-b" })]);
    const found = await store.find(["resp_1", "rs_1", "enc:abc", "resp_unknown", "resp_1"], now);
    expect(found.map((row) => row.ref).sort()).toEqual(["enc:abc", "resp_1", "rs_1"]);
    expect(found.find((row) => row.ref === "resp_1")).toEqual(affinityRow("resp_1"));
    expect(await store.find(["resp_1"], now + 2 * 86_400_000)).toEqual([]);
    // One SQLite process batches its writes (held in memory, seen by look-ups); several instances write at once.
    expect(await store.retryHeld()).toBe(dialect === "sqlite" ? 3 : 0);
    expect(store.heldRecords).toBe(0);
    expect(await store.find(["resp_1"], now)).toEqual([affinityRow("resp_1")]);
    expect(await store.purgeExpired(now + 2 * 86_400_000)).toBe(3);
  });

  it("seals, lists, rotates and deletes stored credentials", async () => {
    const { credentials } = harness.gateway.ctx;
    const secret = "sk-proj-dialects-secret-0001";
    // The harness has no salt key: storing is refused, listing still works.
    expect(await credentials.list()).toEqual([]);
    expect((await admin("/credentials", { credential_name: "prod", credential_values: { api_key: secret } })).status).toBe(400);
    const sealing = new CredentialStore(harness.gateway.ctx.database, { cipher: new CredentialCipher(["dialects-salt-key-0001"]) });
    await sealing.create("prod", { api_key: secret }, { description: 'it\'s "quoted"' }, "admin");
    const [row] = await harness.gateway.ctx.database.db.select().from(harness.gateway.ctx.database.tables.credentials);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row).toMatchObject({ credentialName: "prod", valueHints: { api_key: "sk-...0001" }, credentialInfo: { description: 'it\'s "quoted"' }, createdAt: expect.any(Date) });
    expect(await sealing.lookup("prod")).toEqual({ kind: "found", values: { api_key: secret } });
    await sealing.update("prod", { values: { api_key: "sk-proj-dialects-secret-0002" }, info: { owner: "ops" }, mode: "merge" }, "admin");
    expect(await sealing.lookup("prod")).toEqual({ kind: "found", values: { api_key: "sk-proj-dialects-secret-0002" } });
    expect((await credentials.summary("prod"))?.info).toEqual({ description: 'it\'s "quoted"', owner: "ops" });
    await expect(sealing.create("prod", { api_key: secret }, {}, "admin")).rejects.toMatchObject({ code: "conflict" });
    const listed = (await (await admin("/credentials")).json()) as { credentials: Array<{ credential_name: string; credential_values: Record<string, string> }> };
    expect(listed.credentials).toEqual([expect.objectContaining({ credential_name: "prod", credential_values: { api_key: "sk-...0002" } })]);
    // The gateway without a salt key sees the row but cannot open it; it can still delete it.
    expect(await credentials.lookup("prod")).toMatchObject({ kind: "unusable" });
    expect((await harness.call("DELETE", "/credentials/prod", { key: masterKey })).status).toBe(200);
    expect(await credentials.lookup("prod")).toEqual({ kind: "missing" });
  });

  it("previews, applies and rolls back cost maps", async () => {
    const before = (await (await admin("/cost_map/versions")).json()) as Array<{ version_id: number }>;
    expect(before).toHaveLength(1);
    // The older 17a copy against the built-in map of 2026-07-24.
    const preview = (await (await admin("/cost_map/preview", { content: copyText("feb17a") })).json()) as { preview_id: number; summary: { added: number } };
    expect(preview.summary).toEqual({ added: 152, removed: 567, changed: 529 });
    const applied = (await (await admin("/cost_map/apply", { preview_id: preview.preview_id })).json()) as { version_id: number };
    expect(harness.gateway.ctx.costMaps.active.current().versionId).toBe(applied.version_id);
    const versions = (await (await admin("/cost_map/versions")).json()) as Array<{ version_id: number }>;
    expect(versions.map((version) => version.version_id)).toEqual([applied.version_id, before[0].version_id]);
    expect((await admin("/cost_map/rollback", { version_id: before[0].version_id })).status).toBe(200);
    expect((await harness.gateway.ctx.costMaps.store.state())?.activeVersionId).toBe(before[0].version_id);
  });

  it("spends a password token once, setting the password and ending the sessions, and keeps only its hash", async () => {
    const { ctx } = harness.gateway;
    const now = new Date(ctx.now());
    const user = await createUser(ctx.database, { email: "invited@x.test" }, now);
    const session = await openSession(ctx.database, user.id, now);
    const { token } = await issuePasswordToken(ctx.database, { userId: user.id, purpose: "invite", createdBy: "owner@x.test" }, now);
    expect(await redeemPasswordToken(ctx.database, token, "chosen password 1", now)).toEqual({ userId: user.id, purpose: "invite" });
    expect(await redeemPasswordToken(ctx.database, token, "second password 1", now)).toBeUndefined();
    expect(await checkCredentials(ctx.database, "invited@x.test", "chosen password 1")).toBeDefined();
    expect(await userOfSession(ctx.database, session, now)).toBeUndefined();
    const rows = await ctx.database.db.select().from(ctx.database.tables.passwordTokens);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("serves the dashboard: users, sessions, memberships, spend by day and the audit log", async () => {
    const { ctx } = harness.gateway;
    const now = new Date(ctx.now());
    await admin("/team/new", { team_id: "team-a" });
    const owner = await createUser(ctx.database, { email: "Owner@X.test", password: "correct horse battery" }, now);
    await addMember(ctx.database, "team-a", owner.id, "owner", now);
    const session = await openSession(ctx.database, owner.id, now);
    expect((await userOfSession(ctx.database, session, now))?.email).toBe("owner@x.test");
    await closeSession(ctx.database, session);
    expect(await userOfSession(ctx.database, session, now)).toBeUndefined();
    expect(await membershipsOf(ctx.database, owner)).toEqual([{ teamId: "team-a", teamAlias: null, role: "owner" }]);

    const caller = createCaller({ user: owner, gateway: ctx });
    const created = await caller.keys.create({ teamId: "team-a", alias: "dash", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null });
    for (const spend of [0.5, 0.25]) {
      ctx.spend.record({
        requestId: randomUUID(),
        apiKey: created.summary.id,
        teamId: "team-a",
        callType: "chat",
        model: "gpt-4o",
        modelGroup: "gpt-4o",
        spend,
        startTime: now,
        endTime: now,
        status: "success",
      });
    }
    ctx.spend.record({
      requestId: randomUUID(),
      apiKey: created.summary.id,
      teamId: "team-a",
      callType: "chat",
      model: "gpt-4o",
      modelGroup: null,
      unpriced: true,
      startTime: now,
      endTime: now,
      status: "failure",
      statusCode: 400,
    });
    const spend = await caller.spend.team({ teamId: "team-a", days: 2 });
    expect(spend.totals).toEqual({ spend: 0.75, requests: 3, failures: 1, unpriced: 1 });
    expect(spend.days.at(-1)).toMatchObject({ day: now.toISOString().slice(0, 10), spend: 0.75, requests: 3 });
    const audit = await caller.audit.list({ teamId: "team-a", limit: 10 });
    expect(audit.map((row) => row.action)).toContain("key.created");
  });
});
