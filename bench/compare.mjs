// npm run bench:compare -- --baseline <checkout>: this build against another (an earlier commit,
// built in its own checkout) on the same rows as `npm run bench`, in one run. Both servers sit on
// core 1 and take turns: many short pairs, alternating which goes first, and the median of their
// ratios, because the machine's speed drifts more between runs minutes apart than the change
// under test moves it. The fake upstream and the load generator are on core 0; 127.0.0.1 only.
//   node bench/compare.mjs --baseline ../base [--pairs 10] [--seconds 2] [--connections 50]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { seedKeysAndAffinity } from "./seed-keys.mjs";
import { benchConfigYaml, chatBody, streamBody, wildcardBody } from "./bench-setup.mjs";

const { values: args } = parseArgs({
  options: { baseline: { type: "string" }, pairs: { type: "string", default: "10" }, seconds: { type: "string", default: "2" }, connections: { type: "string", default: "50" } },
});
if (!args.baseline) {
  console.error("usage: node bench/compare.mjs --baseline <another checkout, built>");
  process.exit(2);
}
const pairs = Number(args.pairs);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const masterKey = "sk-bench-master-key-0000000000";
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

if (hasTaskset && !process.env.SWITCHYARD_BENCH_PINNED) {
  const child = spawnSync("taskset", ["-c", "0", process.execPath, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, SWITCHYARD_BENCH_PINNED: "1" } });
  process.exit(child.status ?? 1);
}
for (const root of [".", args.baseline]) {
  if (spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { cwd: root, stdio: "inherit" }).status !== 0) process.exit(1);
}

const children = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));
process.on("SIGINT", () => process.exit(130));

function startPinned(core, script, scriptArgs, { cwd = ".", env = {} } = {}) {
  const command = hasTaskset ? "taskset" : process.execPath;
  const commandArgs = hasTaskset ? ["-c", String(core), process.execPath, script, ...scriptArgs] : [script, ...scriptArgs];
  const child = spawn(command, commandArgs, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((done, fail) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) done({ url: match[1], pid: child.pid });
    });
    child.once("exit", (code) => fail(new Error(`${script} exited with ${code}: ${output}`)));
  });
}

const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const quartiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[Math.floor((sorted.length - 1) / 4)], sorted[Math.ceil(((sorted.length - 1) * 3) / 4)]];
};
const auth = (secret) => ({ authorization: `Bearer ${secret}`, "content-type": "application/json" });

const upstream = await startPinned(0, resolve("bench/fake-upstream.mjs"), []);
const directory = mkdtempSync(join(tmpdir(), "switchyard-compare-"));
const config = join(directory, "config.yaml");
writeFileSync(config, benchConfigYaml(upstream.url, masterKey));

/** One Switchyard from `root`, with its own database holding 10,000 keys and 100,000 affinity rows, and its keys. */
let databases = 0;
async function startSwitchyard(name, root) {
  const databasePath = join(directory, `server-${++databases}.db`);
  const server = await startPinned(1, "bin/switchyard.mjs", ["--config", config, "--port", "0", "--host", "127.0.0.1"], {
    cwd: root,
    env: { DATABASE_URL: `file:${databasePath}`, SWITCHYARD_LOG_LEVEL: "warn", SWITCHYARD_DASHBOARD: "on", NODE_ENV: "production" },
  });
  const manage = async (path, body) => {
    const response = await fetch(server.url + path, { method: "POST", headers: auth(masterKey), body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${name} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { key } = await manage("/key/generate", { key_alias: "bench" });
  const { key: wildcardKey } = await manage("/key/generate", { key_alias: "bench-wildcard", models: ["openai/*"] });
  const first = await (await fetch(`${server.url}/v1/responses`, { method: "POST", headers: auth(key), body: JSON.stringify({ model: "reasoner", input: "hi" }) })).json();
  const keys = seedKeysAndAffinity(databasePath);
  let next = 0;
  const rotating = [{ setupRequest: (req) => ({ ...req, headers: auth(keys[next++ % keys.length]) }) }];
  const followUpBody = JSON.stringify({ model: "reasoner", input: "and again", previous_response_id: first.id });
  return { name, ...server, key, wildcardKey, rotating, followUpBody, keyCount: keys.length };
}

async function load(server, path, headers, body, extra = {}) {
  const before = cpuMs(server.pid);
  const result = await autocannon({ url: server.url + path, method: "POST", headers, body, connections, ...(extra.amount ? {} : { duration: seconds }), ...extra });
  const served = result.requests.total;
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > served * 0.001) throw new Error(`${server.name} ${path}: ${failed} failed of ${served}`);
  return { rps: result.requests.average, cpuUs: ((cpuMs(server.pid) - before) * 1000) / served };
}

const rows = [
  { name: "chat", run: (s) => load(s, "/v1/chat/completions", auth(s.key), chatBody) },
  { name: "stream", run: (s) => load(s, "/v1/chat/completions", auth(s.key), streamBody) },
  { name: "responses follow-up (affinity)", run: (s) => load(s, "/v1/responses", auth(s.key), s.followUpBody) },
  { name: "wildcard key, full cost map", run: (s) => load(s, "/v1/chat/completions", auth(s.wildcardKey), wildcardBody) },
  { name: "chat over 10,000 keys, 100,000 affinity rows", run: (s) => load(s, "/v1/chat/completions", auth(s.key), chatBody, { requests: s.rotating }) },
];

// The server started first measured a few per cent faster even against a copy of itself (an
// A/A run), so each row's pairs are split between two starts in opposite orders.
async function startBoth(order) {
  const started = {};
  for (const [name, root] of order) started[name] = await startSwitchyard(name, root);
  // Warm-up: JIT, pools, and every key in each server's cache, as a running gateway's traffic would have.
  for (const server of Object.values(started)) {
    for (const row of rows) await row.run(server);
    await load(server, "/v1/chat/completions", auth(server.key), chatBody, { requests: server.rotating, amount: server.keyCount * 2 });
  }
  return started;
}
const stop = (server) =>
  new Promise((stopped) => {
    const child = children.find((candidate) => candidate.pid === server.pid);
    child.once("exit", stopped);
    child.kill("SIGKILL");
  });

const ratios = new Map(rows.map((row) => [row.name, { rps: [], cpu: [] }]));
const starts = [
  [
    ["this build", "."],
    ["baseline", resolve(args.baseline)],
  ],
  [
    ["baseline", resolve(args.baseline)],
    ["this build", "."],
  ],
];
for (const [half, order] of starts.entries()) {
  const { "this build": current, baseline } = await startBoth(order);
  for (const row of rows) {
    const { rps, cpu } = ratios.get(row.name);
    for (let pair = half; pair < pairs; pair += 2) {
      const first = pair % 4 < 2 ? [current, baseline] : [baseline, current];
      const measured = new Map();
      for (const server of first) measured.set(server, await row.run(server));
      rps.push(measured.get(current).rps / measured.get(baseline).rps);
      cpu.push(measured.get(current).cpuUs / measured.get(baseline).cpuUs);
      process.stderr.write(`${row.name}: pair ${pair + 1}/${pairs}\n`);
    }
  }
  await Promise.all([stop(current), stop(baseline)]);
}
const table = rows.map((row) => {
  const { rps, cpu } = ratios.get(row.name);
  const [low, high] = quartiles(rps);
  return `| ${row.name} | ${median(rps).toFixed(3)} | ${low.toFixed(3)} to ${high.toFixed(3)} | ${median(cpu).toFixed(3)} |`;
});
const revision = (root) => spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
console.log(`
This build (${revision(".")}) against ${args.baseline} (${revision(args.baseline)}): ${pairs} pairs of ${seconds} s per row (half after each start order, alternating which goes first), ${connections} connections; ${hasTaskset ? "both servers on core 1, load generator and fake upstream on core 0" : "no taskset: processes not pinned"}; Node ${process.version}.

| row | requests/s, this build / baseline (median of pairs) | quartiles | server CPU per request, this build / baseline |
| --- | --- | --- | --- |
${table.join("\n")}
`);
process.exit(0);
