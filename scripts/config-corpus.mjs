// Runs every LiteLLM config of the shared corpus (shared/data/litellm-configs, 773 real files)
// through the built server's config loader (`switchyard --check-config`) and reports how many
// start and why the others are refused, grouped by reason. On demand, not in CI (a few seconds,
// one server process for every file). Needs `npm run build` first.
//
//   node scripts/config-corpus.mjs [--dir DIR] [--pending bedrock,vertex_ai] [--list] [--json]
//
// Each file is loaded as a user would run it, except that every `os.environ/NAME` gets a dummy
// value and every api_base is pointed at 127.0.0.1 (its path kept), so nothing is ever called.
// `--pending` names provider prefixes another branch adds: configs refused only for those are
// counted apart. `--list` prints the files of each reason.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseDocument, isMap, isSeq } from "yaml";

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const { sharedDataFolder } = createRequire(import.meta.url)("../e2e/fixtures/shared-data.cjs");

const { values } = parseArgs({
  options: { dir: { type: "string" }, pending: { type: "string", default: "" }, list: { type: "boolean" }, json: { type: "boolean" } },
});
const dir = values.dir ?? join(sharedDataFolder(), "litellm-configs");
const pending = new Set(values.pending.split(",").filter(Boolean));
const unreachable = "http://127.0.0.1:9";

const ports = new Map();

/** The api_base, kept to its path, on 127.0.0.1: a port of its own per distinct base, so entries that differed only by host still differ. */
function localBase(value) {
  if (!ports.has(value)) ports.set(value, 20000 + ports.size);
  const local = `http://127.0.0.1:${ports.get(value)}`;
  try {
    const url = new URL(value);
    return local + (url.pathname === "/" ? "" : url.pathname) + url.search;
  } catch {
    return local;
  }
}

/** The file with every api_base (and credential api_base) pointed at 127.0.0.1; comments and the rest untouched. */
function localized(text) {
  const document = parseDocument(text);
  if (document.errors.length > 0) return text; // the server reports the syntax error itself
  const rewrite = (node) => {
    if (!isMap(node)) return;
    const base = node.get("api_base");
    if (typeof base === "string") node.set("api_base", localBase(base));
  };
  const models = document.get("model_list");
  if (isSeq(models)) for (const entry of models.items) rewrite(isMap(entry) ? entry.get("litellm_params") : undefined);
  const credentials = document.get("credential_list");
  if (isSeq(credentials)) for (const entry of credentials.items) rewrite(isMap(entry) ? entry.get("credential_values") : undefined);
  return document.toString();
}

/** Dummy values for every `os.environ/NAME` the file names: URLs for names that look like one. */
function dummyEnv(text) {
  const env = {};
  for (const [, name] of text.matchAll(/os\.environ\/([A-Za-z_][A-Za-z0-9_]*)/g)) {
    env[name] = /URL|BASE|ENDPOINT|HOST/i.test(name) ? unreachable : /REGION/i.test(name) ? "us-east-1" : `dummy-${name.toLowerCase()}-value`;
  }
  return env;
}

/** The provider prefixes a file's model_list uses. */
function prefixesOf(text) {
  const prefixes = new Set();
  for (const [, model] of text.matchAll(/^\s*model:\s*["']?([^\s"'#]+)/gm)) {
    prefixes.add(model.includes("/") ? model.slice(0, model.indexOf("/")) : "(bare)");
  }
  return prefixes;
}

/** One refusal's reason, with its indices and names folded so that alike problems group together. */
function reasonOf(problem) {
  const provider = /unknown provider "([^"]+)"/.exec(problem);
  if (provider) return `unknown provider "${provider[1]}"`;
  return problem
    .replace(/\[\d+\]/g, "[i]")
    .replace(/model_group_alias\.[^:]+/, "model_group_alias.*")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/environment variable \S+/, "environment variable …");
}

/** Every file through one `switchyard --check-config` process: one report line, or one message, per file. */
async function checkAll(files, scratch) {
  const texts = new Map(files.map((file) => [file, readFileSync(join(dir, file), "utf8")]));
  const env = { PATH: process.env.PATH, HOME: scratch, SWITCHYARD_DASHBOARD: "off" };
  for (const [file, text] of texts) {
    writeFileSync(join(scratch, file), localized(text));
    Object.assign(env, dummyEnv(text));
  }
  // The providers' standard variables, which a user of such a config has set and LiteLLM falls back to.
  Object.assign(env, { AZURE_API_BASE: unreachable, AZURE_API_KEY: "dummy-azure-key", DATABRICKS_API_BASE: unreachable, DATABRICKS_API_KEY: "dummy-databricks-key" });
  // What Switchyard itself reads from the environment must stay readable.
  Object.assign(env, { NODE_ENV: "production", PORT: "4000", HOST: "127.0.0.1", SWITCHYARD_LOG_LEVEL: "error" });
  const paths = files.map((file) => join(scratch, file));
  let stdout;
  try {
    ({ stdout } = await run(process.execPath, [join(root, "bin/switchyard.mjs"), "--check-config", ...paths], { env, cwd: scratch, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    if (typeof error.stdout !== "string" || error.stdout === "") throw error;
    stdout = error.stdout;
  }
  const outcome = new Map();
  let current;
  for (const line of stdout.split("\n")) {
    const valid = /^Config (.+) is valid:/.exec(line);
    const invalid = /^Invalid config (.+):$/.exec(line);
    if (valid) outcome.set(valid[1], { ok: true, problems: [] });
    else if (invalid) outcome.set(invalid[1], (current = { ok: false, problems: [] }));
    else if (line.startsWith("  - ") && current) current.problems.push(line.slice(4));
  }
  return files.map((file) => {
    const found = outcome.get(join(scratch, file)) ?? { ok: false, problems: ["no report for this file"] };
    return { file, ...found, prefixes: prefixesOf(texts.get(file)) };
  });
}

const files = readdirSync(dir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
const scratch = mkdtempSync(join(tmpdir(), "switchyard-corpus-"));
let results;
try {
  results = await checkAll(files, scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const isPendingOnly = (result) => result.problems.length > 0 && result.problems.every((problem) => pending.has(/unknown provider "([^"]+)"/.exec(problem)?.[1]));
const started = results.filter((result) => result.ok);
const pendingOnly = results.filter((result) => !result.ok && isPendingOnly(result));
const refused = results.filter((result) => !result.ok && !isPendingOnly(result));

const byReason = new Map();
for (const result of refused) {
  for (const reason of new Set(result.problems.filter((problem) => !pending.has(/unknown provider "([^"]+)"/.exec(problem)?.[1])).map(reasonOf))) {
    byReason.set(reason, [...(byReason.get(reason) ?? []), result.file]);
  }
}
const usage = new Map();
for (const result of results) for (const prefix of result.prefixes) usage.set(prefix, (usage.get(prefix) ?? 0) + 1);
const commonRefused = [...byReason.keys()].map((reason) => /^unknown provider "(.+)"$/.exec(reason)?.[1]).filter((prefix) => prefix !== undefined && (usage.get(prefix) ?? 0) > 2);

const summary = {
  total: results.length,
  started: started.length,
  refused: refused.length,
  pendingOtherBranch: pendingOnly.length,
  pendingPrefixes: [...pending],
  reasons: [...byReason].sort((a, b) => b[1].length - a[1].length).map(([reason, list]) => ({ reason, configs: list.length, files: list })),
  prefixesUsedInMoreThanTwoConfigsStillRefused: commonRefused,
};
if (values.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(
    `${summary.total} configs: ${summary.started} start, ${summary.refused} refused${pending.size > 0 ? `, ${summary.pendingOtherBranch} refused only for ${[...pending].join("/")} (pending another branch)` : ""}`,
  );
  console.log("Refused, by reason (a config may have several):");
  for (const { reason, configs, files: list } of summary.reasons) {
    console.log(`  ${String(configs).padStart(4)}  ${reason}`);
    if (values.list) for (const file of list) console.log(`          ${file}`);
  }
  console.log(`Prefixes used in more than two configs that still refuse one: ${commonRefused.length === 0 ? "none" : commonRefused.join(", ")}`);
}
