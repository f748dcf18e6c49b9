// Runs `npm run build` when the production build is missing or older than the sources, so that
// `npm test`, `npm run demo` and `npm run bench` work on a fresh clone and stay fast after.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const outputs = [".next/BUILD_ID", "dist/switchyard.mjs", "dist/dashboard-worker.mjs"];
const inputs = ["src", "drizzle", "next.config.ts", "package.json", "package-lock.json", "tsconfig.json", "scripts/build-server.mjs"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = Math.min(...outputs.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)));
const changedAt = Math.max(...inputs.map(newestMtime));
if (builtAt === 0 || changedAt > builtAt) {
  console.log(builtAt === 0 ? "No production build yet: building." : "Sources changed since the last build: rebuilding.");
  execSync("npm run build", { stdio: "inherit" });
} else {
  console.log("Production build is up to date.");
}
