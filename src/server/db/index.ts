import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type AppDatabase = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  db: AppDatabase;
  /** The connection underneath, for pragmas, health checks and closing. */
  sqlite: Database.Database;
  close(): void;
}

/**
 * WAL checkpoints copy the log into the database file and fsync: milliseconds that SQLite would
 * otherwise spend inside whichever write crossed the threshold (often a request's). Automatic
 * checkpoints are off; this timer does them between requests instead.
 */
export function checkpointPeriodically(sqlite: Database.Database, intervalMs = 1000): () => void {
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

/** `file:./data/switchyard.db` (the default), `file:/abs/path.db`, or a bare path. */
export function sqlitePathFromUrl(url: string): string {
  if (url.startsWith("postgres:") || url.startsWith("postgresql:")) {
    throw new Error("PostgreSQL DATABASE_URL is not supported yet; use file:./path.db");
  }
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  return path === ":memory:" ? path : resolve(path);
}

export function openDatabase(url: string): OpenedDatabase {
  const path = sqlitePathFromUrl(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the dashboard read while the gateway writes; NORMAL sync is durable across crashes of the process.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() };
}
