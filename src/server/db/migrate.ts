import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The committed `drizzle/` folder (one subfolder per dialect), found by walking up from `start` (works from src/, dist/ and .next/). */
export function findMigrationsFolder(start: string): string {
  let directory = start;
  for (;;) {
    const candidate = join(directory, "drizzle");
    if (existsSync(join(candidate, "sqlite", "meta", "_journal.json"))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No drizzle/ migrations found above ${start}`);
    directory = parent;
  }
}
