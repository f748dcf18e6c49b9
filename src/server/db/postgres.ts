import { join } from "node:path";
import { getTableColumns, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgTable } from "drizzle-orm/pg-core";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Database } from "./index";
import * as schema from "./schema-postgres";

/** Any number, the same on every instance: the advisory lock migrations run under. */
const migrationLock = 0x5717c4;

/**
 * A pooled PostgreSQL connection. Connecting and each statement are bounded in time so a
 * database that is down answers with an error quickly instead of holding requests; the pool
 * replaces broken connections by itself, so service resumes when the database is back.
 */
export function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
    application_name: "switchyard",
  });
  // A connection dropped by a restarting server must not crash the process: idle ones are
  // reported on the pool, checked-out ones (inside a transaction) on the client. The query in
  // progress fails on its own; the pool discards the broken connection.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = drizzle(pool, { schema });
  return {
    dialect: "postgres",
    db,
    tables: schema,
    transaction: (work) => db.transaction((tx) => work(tx)),
    async rows<T>(tx: Database["db"], statement: SQL) {
      return (await tx.execute(statement)).rows as T[];
    },
    async insertMany(tx, table, rows) {
      // 65,535 bound parameters at most per statement.
      const perStatement = Math.max(1, Math.floor(60_000 / Object.keys(getTableColumns(table)).length));
      for (let start = 0; start < rows.length; start += perStatement) {
        await tx
          .insert(table as unknown as PgTable)
          .values(rows.slice(start, start + perStatement) as never[])
          .onConflictDoNothing();
      }
    },
    async migrate(migrationsRoot: string) {
      // Instances starting together would race to create the same tables: they take turns.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [migrationLock]);
        await migrate(drizzle(client), { migrationsFolder: join(migrationsRoot, "postgres") });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [migrationLock]).catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await pool.query("select 1");
    },
    async close() {
      await pool.end();
    },
  };
}
