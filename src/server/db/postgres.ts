import { join } from "node:path";
import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { AppDatabase, Database } from "./index";
import { jsonInsertStatement, rowsPerJsonInsert } from "./postgres-json-insert";
import * as schema from "./schema-postgres";

/** Any number, the same on every instance: the advisory lock migrations run under. */
const migrationLock = 0x5717c4;

/** Pooled PostgreSQL connections (see openPool). */
export function openPostgres(url: string): Database {
  const pool = openPool(url, 10);
  // Batch writes (spend rows and totals, held affinity records) on connections of their own: a
  // request's query never queues behind a batch's transaction for one of the pool's connections.
  const batchPool = openPool(url, 2);
  const db = drizzle(pool, { schema });
  const batchDb = drizzle(batchPool, { schema });
  return {
    dialect: "postgres",
    db,
    tables: schema,
    transaction: (work) => db.transaction((tx) => work(tx)),
    batch: { db: batchDb as unknown as AppDatabase, transaction: (work) => batchDb.transaction((tx) => work(tx as unknown as AppDatabase)) },
    async rows<T>(tx: Database["db"], statement: SQL) {
      return (await tx.execute(statement)).rows as T[];
    },
    async insertMany(tx, table, rows) {
      for (let start = 0; start < rows.length; start += rowsPerJsonInsert) {
        await tx.execute(jsonInsertStatement(table, start === 0 && rows.length <= rowsPerJsonInsert ? rows : rows.slice(start, start + rowsPerJsonInsert)));
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
      await Promise.all([pool.end(), batchPool.end()]);
    },
  };
}

/**
 * Connecting and each statement are bounded in time so a database that is down answers with an
 * error quickly instead of holding requests; the pool replaces broken connections by itself, so
 * service resumes when the database is back.
 */
function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
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
  return pool;
}
