import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type { SQL, Table } from "drizzle-orm";
import type SqliteConnection from "better-sqlite3";
import type * as postgresSchema from "./schema-postgres";
import { openPostgres } from "./postgres";
import { openSqlite } from "./sqlite";

/** The tables, as the query builder knows them; each dialect supplies its own objects with these types. */
export type Tables = typeof postgresSchema;

/**
 * The query surface shared by both dialects: awaitable builders only (`await db.select()...`).
 * Typed as the PostgreSQL database because its API is the async one; the SQLite database
 * behind the same type answers the same calls, so domain code never asks which it has.
 */
export type AppDatabase = PgDatabase<NodePgQueryResultHKT, Tables>;

export type Dialect = "sqlite" | "postgres";

export interface Database {
  readonly dialect: Dialect;
  readonly db: AppDatabase;
  readonly tables: Tables;
  /**
   * Runs `work` atomically: everything it writes through `tx` lands together or not at all.
   * Write through `tx` only, and await nothing but `tx` inside: on SQLite other writers wait
   * for the lock while a transaction is open (see openSqlite).
   */
  transaction<T>(work: (tx: AppDatabase) => Promise<T>): Promise<T>;
  /**
   * Where the batch writers (spend, affinity) write: on PostgreSQL connections of their own, so
   * no request's query waits for a pool connection a batch holds; on SQLite the same as above.
   */
  readonly batch: Pick<Database, "db" | "transaction">;
  /**
   * Inserts many rows, skipping those whose key exists, through `tx` (a transaction's handle or
   * `db`). For the batch writers: on SQLite one prepared statement per table run row by row
   * (building a thousand-row statement costs more than running it), on PostgreSQL one statement.
   */
  insertMany<T extends Table>(tx: AppDatabase, table: T, rows: readonly T["$inferInsert"][]): Promise<void>;
  /** Runs a raw statement through `tx` and returns its rows (for the few statements the builder cannot express). */
  rows<T>(tx: AppDatabase, statement: SQL): Promise<T[]>;
  /** Applies this dialect's pending migrations from `drizzle/<dialect>` under `migrationsRoot`. */
  migrate(migrationsRoot: string): Promise<void>;
  /** Rejects when the database cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** SQLite only: the connection underneath, for checkpoints and tests. */
  readonly sqlite?: SqliteConnection.Database;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** `postgres://...` opens PostgreSQL; `file:./path.db` (the default) or a bare path opens SQLite. */
export function openDatabase(url: string): Database {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
}

export { checkpointPeriodically, sqlitePathFromUrl } from "./sqlite";
