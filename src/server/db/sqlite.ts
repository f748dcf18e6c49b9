import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SqliteConnection from "better-sqlite3";
import { getTableColumns, getTableName, type SQL, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { join } from "node:path";
import type { AppDatabase, Database, Tables } from "./index";
import * as schema from "./schema";

/**
 * WAL checkpoints copy the log into the database file and fsync: milliseconds that SQLite would
 * otherwise spend inside whichever write crossed the threshold (often a request's). Automatic
 * checkpoints are off; this timer does them between requests instead.
 */
export function checkpointPeriodically(sqlite: SqliteConnection.Database, intervalMs = 1000): () => void {
  sqlite.pragma("wal_autocheckpoint = 0");
  const timer = setInterval(() => {
    try {
      sqlite.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy or closing: the next tick tries again; nothing is lost, the WAL just stays longer.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

const syncLockWaitMs = 20;
/**
 * Batched rows go in 32 to a statement: one call into SQLite per 32 rows rather than per row
 * (about 15% less per spend row), and 32 x 19 columns stays far below SQLite's 32,766 variables.
 */
const rowsPerStatement = 32;
/** How long a transaction waits for another process's write lock before failing (503 database_unavailable). */
const lockWaitMs = 2_000;

const isBusy = (error: unknown) => typeof (error as { code?: unknown }).code === "string" && (error as { code: string }).code.startsWith("SQLITE_BUSY");

/** BEGIN IMMEDIATE, retried between timers while another process holds the lock, so the event loop keeps serving. */
async function beginWhenFree(sqlite: SqliteConnection.Database): Promise<void> {
  const deadline = Date.now() + lockWaitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      sqlite.exec("BEGIN IMMEDIATE");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resume) => setTimeout(resume, pause));
    }
  }
}

/** `file:./data/switchyard.db` (the default), `file:/abs/path.db`, or a bare path. */
export function sqlitePathFromUrl(url: string): string {
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  // Transactions have a connection of their own (see openSqlite), and two connections to
  // `:memory:` would be two databases.
  if (path === ":memory:") throw new Error("SQLite needs a file (DATABASE_URL=file:./path.db): an in-memory database cannot be opened twice");
  return resolve(path);
}

function connect(path: string): SqliteConnection.Database {
  const sqlite = new SqliteConnection(path);
  // WAL lets the dashboard read while the gateway writes; NORMAL sync is durable across crashes of the process.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  // better-sqlite3 waits for a lock synchronously, freezing every request meanwhile: only a
  // moment here. Transactions wait for the write lock asynchronously instead (beginWhenFree).
  sqlite.pragma(`busy_timeout = ${syncLockWaitMs}`);
  sqlite.pragma("foreign_keys = ON");
  // 64 MiB of page cache (the default is 2 MiB): spend rows land all over the per-key index, and
  // pages that stay cached are not read back for the next batch.
  sqlite.pragma("cache_size = -65536");
  return sqlite;
}

export function openSqlite(url: string): Database {
  const path = sqlitePathFromUrl(url);
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = connect(path);
  // A connection for transactions alone. On one shared connection, whatever another request
  // wrote while a transaction awaited would join it and be rolled back with it after its caller
  // was told it had landed. Here such a write waits for SQLite's lock instead (and fails as
  // busy, never lost, if the transaction holds it too long).
  const txSqlite = connect(path);
  const main = handle(sqlite);
  const tx = handle(txSqlite);
  const handleOf = (database: AppDatabase) => (database === tx.db ? tx : main);
  let queue: Promise<unknown> = Promise.resolve();
  const database: Database = {
    dialect: "sqlite",
    db: main.db,
    tables: schema as unknown as Tables,
    sqlite,
    async rows<T>(through: AppDatabase, statement: SQL) {
      return handleOf(through).drizzle.all<T>(statement);
    },
    async insertMany(through, table, rows) {
      const { connection, inserterOf } = handleOf(through);
      const insert = inserterOf(table);
      // One commit for all rows (a savepoint inside a caller's transaction), not one per row.
      connection.transaction(() => insert(rows as readonly Record<string, unknown>[]))();
    },
    // better-sqlite3's own transactions cannot span an await, so BEGIN/COMMIT by hand, on the
    // transactions' connection; they queue behind each other so none nests.
    transaction<T>(work: (tx: AppDatabase) => Promise<T>): Promise<T> {
      const run = async () => {
        await beginWhenFree(txSqlite);
        try {
          const result = await work(tx.db);
          txSqlite.exec("COMMIT");
          return result;
        } catch (error) {
          if (txSqlite.inTransaction) txSqlite.exec("ROLLBACK");
          throw error;
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async migrate(migrationsRoot: string) {
      // At start nothing is being served yet: wait as long as another process needs the file.
      sqlite.pragma("busy_timeout = 5000");
      try {
        migrate(main.drizzle, { migrationsFolder: join(migrationsRoot, "sqlite") });
      } finally {
        sqlite.pragma(`busy_timeout = ${syncLockWaitMs}`);
      }
    },
    async ping() {
      sqlite.prepare("select 1").get();
    },
    async close() {
      await queue;
      txSqlite.close();
      sqlite.close();
    },
    get batch() {
      return database;
    },
  };
  return database;
}

/** A connection with its query builder and its prepared batch inserts. */
function handle(connection: SqliteConnection.Database) {
  // Same builder API as PostgreSQL's when awaited (see AppDatabase); the tables differ only in column types.
  const sqliteDb = drizzle(connection, { schema });
  const inserters = new Map<Table, (rows: readonly Record<string, unknown>[]) => void>();
  const inserterOf = (table: Table) => {
    let insert = inserters.get(table);
    if (!insert) {
      const columns = Object.entries(getTableColumns(table));
      const statementFor = (rowCount: number) =>
        connection.prepare(
          `insert or ignore into "${getTableName(table)}" (${columns.map(([, column]) => `"${column.name}"`).join(", ")}) values ${Array.from({ length: rowCount }, () => `(${columns.map(() => "?").join(", ")})`).join(", ")}`,
        );
      const one = statementFor(1);
      const many = statementFor(rowsPerStatement);
      // As drizzle would bind them: defaults for missing fields, then each column's own encoding.
      const bind = (row: Record<string, unknown>, into: unknown[]) => {
        for (const [key, column] of columns) {
          const value = row[key] === undefined ? (column.defaultFn?.() ?? column.default ?? null) : row[key];
          into.push(value === null ? null : column.mapToDriverValue(value));
        }
      };
      // Full statements of 32 while they last, then the rest one by one.
      insert = (rows) => {
        for (let index = 0; index < rows.length;) {
          const count = rows.length - index >= rowsPerStatement ? rowsPerStatement : 1;
          const values: unknown[] = [];
          for (let offset = 0; offset < count; offset++) bind(rows[index + offset], values);
          (count === 1 ? one : many).run(values);
          index += count;
        }
      };
      inserters.set(table, insert);
    }
    return insert;
  };
  return { connection, drizzle: sqliteDb, db: sqliteDb as unknown as AppDatabase, inserterOf };
}
