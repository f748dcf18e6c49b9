import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import { errorCode, seedTeams } from "../testing/seed-teams";
import { openDatabase } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { createPostgresDatabase, type PostgresTestDatabase } from "../../db/testing/postgres-database";
import { masterKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";

// Key management on both dialects, in-process: the alias index settles two writers at once,
// a change whose audit row fails is undone, and the migration to the index copes with the
// duplicates that check-then-insert let through.

describe.each(["sqlite", "postgres"] as const)("key management on %s", (dialect) => {
  let postgres: PostgresTestDatabase | undefined;
  let directory: string;
  let harness: Harness | undefined;

  beforeAll(async () => {
    if (dialect === "postgres") postgres = await createPostgresDatabase("sy_keys");
  });
  afterAll(async () => {
    await postgres?.drop();
  });
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "switchyard-keys-"));
    if (postgres) await postgres.query("drop schema public cascade; drop schema if exists drizzle cascade; create schema public");
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  const databaseUrl = () => postgres?.url ?? `file:${join(directory, "keys.db")}`;

  async function start(): Promise<Harness> {
    harness = await startHarness(4_096, { databaseUrl: databaseUrl() });
    return harness;
  }

  const call = (path: string, body: object, key = masterKey) => harness!.call("POST", path, { key, body });
  const tables = () => harness!.gateway.ctx.database.tables;
  const keysNamed = (alias: string) => harness!.gateway.ctx.database.db.select().from(tables().virtualKeys).where(eq(tables().virtualKeys.keyAlias, alias));
  const auditActions = async () => (await harness!.gateway.ctx.database.db.select().from(tables().auditLog).orderBy(asc(tables().auditLog.id))).map((row) => row.action);

  it("gives an alias to one key when six ask for it at once through both doors, and refuses the others clearly", async () => {
    const { gateway } = await start();
    const users = await seedTeams(gateway.ctx, ["team-a"], [["admin@keys.test", "team-a", "admin"]]);
    const dashboard = createCaller({ user: users["admin@keys.test"], gateway: gateway.ctx });
    const form = { teamId: "team-a", alias: "twin", models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, duration: null };

    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () =>
        call("/key/generate", { key_alias: "twin", team_id: "team-a" }).then(async (response) => ({ door: "api", status: response.status, body: await response.json() })),
      ),
      ...Array.from({ length: 3 }, () => errorCode(dashboard.keys.create(form)).then((code) => ({ door: "dashboard", status: code, body: undefined }))),
    ]);

    const granted = answers.filter((answer) => answer.status === 200 || answer.status === "no error");
    expect(granted).toHaveLength(1);
    for (const refused of answers.filter((answer) => !granted.includes(answer))) {
      if (refused.door === "api") {
        expect(refused.status).toBe(409);
        expect(refused.body).toEqual({ error: { message: 'A key named "twin" already exists', type: "invalid_request_error", param: "key_alias", code: "conflict" } });
      } else {
        expect(refused.status).toBe("CONFLICT");
      }
    }
    expect(await keysNamed("twin")).toHaveLength(1);
    expect(await auditActions()).toEqual(["key.created"]);
  });

  it("undoes a change whose audit row cannot be written, and keeps serving the key as it was", async () => {
    const { gateway } = await start();
    const created = (await (await call("/key/generate", { key_alias: "kept", rpm_limit: 5 })).json()) as { key: string };
    await refuseAuditRows();

    for (const [path, body] of [
      ["/key/generate", { key_alias: "never-made" }],
      ["/key/update", { key: created.key, key_alias: "renamed", rpm_limit: 50 }],
      ["/key/block", { key: created.key }],
      ["/key/regenerate", { key: created.key }],
      ["/key/delete", { keys: [created.key] }],
    ] as const) {
      const response = await call(path, body);
      expect(response.status, path).toBe(500);
      expect(await response.text()).not.toContain("sk-");
    }

    expect(await keysNamed("never-made")).toEqual([]);
    const [kept] = await keysNamed("kept");
    expect(kept).toMatchObject({ rpmLimit: 5, blocked: false });
    // The same secret still opens it, here (cache) and from the database.
    gateway.ctx.keys.forgetAll();
    expect((await harness!.call("GET", "/key/info", { key: created.key })).status).toBe(200);
    expect(await auditActions()).toEqual(["key.created"]);
  });

  it("migrates aliases shared before the index: the oldest keeps it, the others are renamed and audited", async () => {
    const migrations = findMigrationsFolder(process.cwd());
    const before = join(directory, "migrations-before");
    cpSync(migrations, before, { recursive: true });
    const journalFile = join(before, dialect, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    // A database from before the index: that migration and every later one not applied yet
    // (drizzle applies only migrations newer than the last one a database has).
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((entry) => entry.tag.endsWith("_key_alias_unique")),
    );
    writeFileSync(journalFile, JSON.stringify(journal));

    const old = openDatabase(databaseUrl());
    await old.migrate(before);
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const key = (token: string, keyAlias: string | null, minute: number) => ({ token, keyName: `sk-...${token}`, keyAlias, teamId: "team-a", createdAt: at(minute), updatedAt: at(minute) });
    await old.db.insert(old.tables.virtualKeys).values([
      key("dup3", "dup", 3),
      key("dup1", "dup", 1),
      key("dup2", "dup", 2),
      key("solo", "solo", 0),
      key("none1", null, 0),
      key("none2", null, 0),
      // "clash (duplicate 2)" is a name already: the second "clash" is left without one.
      key("clash1", "clash", 0),
      key("clash2", "clash", 1),
      key("named", "clash (duplicate 2)", 0),
    ]);
    await old.close();

    const { gateway } = await start();
    const rows = await gateway.ctx.database.db.select().from(tables().virtualKeys).orderBy(asc(tables().virtualKeys.token));
    expect(Object.fromEntries(rows.map((row) => [row.token, row.keyAlias]))).toEqual({
      clash1: "clash",
      clash2: null,
      dup1: "dup",
      dup2: "dup (duplicate 2)",
      dup3: "dup (duplicate 3)",
      named: "clash (duplicate 2)",
      none1: null,
      none2: null,
      solo: "solo",
    });
    const audit = await gateway.ctx.database.db.select().from(tables().auditLog).orderBy(asc(tables().auditLog.targetId));
    expect(audit.map(({ actor, teamId, action, targetType, targetId, details }) => ({ actor, teamId, action, targetType, targetId, details }))).toEqual([
      {
        actor: "migration",
        teamId: "team-a",
        action: "key.updated",
        targetType: "key",
        targetId: "sk-...clash2",
        details: { alias: null, changes: { keyAlias: { old: "clash", new: null } } },
      },
      {
        actor: "migration",
        teamId: "team-a",
        action: "key.updated",
        targetType: "key",
        targetId: "sk-...dup2",
        details: { alias: "dup (duplicate 2)", changes: { keyAlias: { old: "dup", new: "dup (duplicate 2)" } } },
      },
      {
        actor: "migration",
        teamId: "team-a",
        action: "key.updated",
        targetType: "key",
        targetId: "sk-...dup3",
        details: { alias: "dup (duplicate 3)", changes: { keyAlias: { old: "dup", new: "dup (duplicate 3)" } } },
      },
    ]);
    expect((await call("/key/generate", { key_alias: "dup" })).status).toBe(409);
  });

  /** Sabotage: every insert into audit_log fails from now on. */
  async function refuseAuditRows() {
    if (postgres) {
      await postgres.query("create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$");
      await postgres.query("create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()");
    } else {
      harness!.gateway.ctx.database.sqlite!.exec("create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused'); end");
    }
  }
});
