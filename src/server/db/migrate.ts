import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { AppDatabase } from "./index";

/** The committed SQL migrations, found by walking up from `start` (works from src/, dist/ and .next/). */
export function findMigrationsFolder(start: string): string {
  let directory = start;
  for (;;) {
    const candidate = join(directory, "drizzle", "sqlite");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No drizzle/sqlite migrations found above ${start}`);
    directory = parent;
  }
}

/** Applies pending migrations; drizzle records applied ones, and ours only ever add. */
export function migrateDatabase(db: AppDatabase, migrationsFolder: string): void {
  migrate(db, { migrationsFolder });
}
