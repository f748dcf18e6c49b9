// `npm test`: the whole suite, as CI runs it. Lints, builds if needed, runs the unit and integration
// tests (vitest), installs Debian's chromium when it is missing, then runs the Playwright specs,
// and ends with one "N passed, N failed" line over the lint (one check) and both runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { ensureChromium } from "./ensure-chromium.mjs";

function run(command, args, env = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

mkdirSync("test-results", { recursive: true });
// First, since it takes seconds; a lint failure fails the run but does not stop the tests, so one
// CI run reports both.
const lintStatus = run("npm", ["run", "lint"]);
if (run("node", ["scripts/build-if-needed.mjs"]) !== 0) process.exit(1);

const vitestStatus = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
ensureChromium();
const playwrightStatus = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" });

const vitest = readJson("test-results/vitest.json");
const playwright = readJson("test-results/playwright.json");
const testsPassed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
const passed = testsPassed + (lintStatus === 0 ? 1 : 0);
// A test file that fails to load fails no single test, so count failed files too.
const failedFiles = (vitest?.testResults ?? []).filter((file) => file.status === "failed" && file.assertionResults.every((test) => test.status !== "failed")).length;
const failed = (lintStatus === 0 ? 0 : 1) + (vitest?.numFailedTests ?? 0) + failedFiles + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);
console.log(
  `\nlint: ${lintStatus === 0 ? "clean" : "failed (see its output at the top)"}; vitest: ${vitest?.numPassedTests ?? 0} passed; playwright: ${playwright?.stats?.expected ?? 0} passed`,
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(lintStatus !== 0 || vitestStatus !== 0 || playwrightStatus !== 0 || failed > 0 || testsPassed === 0 ? 1 : 0);
