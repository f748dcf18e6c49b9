// npm run bench: what Switchyard adds to every model call, measured side by side with a
// zero-latency fake upstream and a minimal node:http + undici proxy (the reference), on
// 127.0.0.1 only. The load generator and the fake upstream share core 0, the server under test
// gets core 1 (taskset, when it exists). Runs are interleaved and repeated; medians are shown.
//   node bench/run.mjs [--rounds 3] [--seconds 5] [--connections 50] [--soak-seconds 0] [--portkey] [--otel] [--scaleout-only | --skip-scaleout]
// --otel also starts a second Switchyard with `callbacks: ["otel"]` exporting to a local fake
// collector, and measures what that costs chat throughput against the plain one; --otel-only
// measures only that (a quicker run on a busy machine).
// --portkey also runs Portkey's open-source gateway (installed from npm into node_modules/.cache
// on first use) beside them, forwarding to the same fake upstream.
// The scale-out rows (bench/scale-out.mjs: SQLite against PostgreSQL + Redis, one and two
// instances) follow when 127.0.0.1:5432 and :6379 answer; --scaleout-only runs only them,
// --skip-scaleout leaves them out.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { request } from "undici";
import { bedrockConversePath, bedrockStreamBody, benchConfigYaml, chatBody, converseStreamBody, streamBody, wildcardBody } from "./bench-setup.mjs";
import { seedKeysAndAffinity } from "./seed-keys.mjs";
import { hasTaskset, load as loadTargets, median, rssMb, startPinned } from "./harness.mjs";
import { runScaleOut, scaleOutAvailable } from "./scale-out.mjs";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    "soak-seconds": { type: "string", default: "0" },
    portkey: { type: "boolean", default: false },
    otel: { type: "boolean", default: false },
    "otel-only": { type: "boolean", default: false },
    "scaleout-only": { type: "boolean", default: false },
    "skip-scaleout": { type: "boolean", default: false },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const soakSeconds = Number(args["soak-seconds"]);
const masterKey = "sk-bench-master-key-0000000000";

// The runner itself (autocannon) goes to core 0 before anything starts.
if (hasTaskset && !process.env.SWITCHYARD_BENCH_PINNED) {
  const child = spawnSync("taskset", ["-c", "0", process.execPath, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, SWITCHYARD_BENCH_PINNED: "1" } });
  process.exit(child.status ?? 1);
}
if (spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).status !== 0) process.exit(1);

const upstream = await startPinned(0, "bench/fake-upstream.mjs", []);
// The scale-out rows: PostgreSQL + Redis, one and two instances, against SQLite (bench/scale-out.mjs).
const scaleOut = args["skip-scaleout"] ? undefined : await scaleOutAvailable();
if (args["scaleout-only"]) {
  if (!scaleOut) throw new Error("--scaleout-only: PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) does not answer");
  console.log(`\n${await runScaleOut({ upstream, rounds, seconds, connections, masterKey })}`);
  process.exit(0);
}
const reference = await startPinned(1, "bench/reference-proxy.mjs", [upstream.url]);

/** Portkey's gateway, pinned like the others, bound to 127.0.0.1 by a preload; undefined without --portkey. */
async function startPortkey() {
  const version = "1.15.2";
  const prefix = join("node_modules", ".cache", "switchyard-bench", `portkey-${version}`);
  const script = join(prefix, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
  if (!existsSync(script)) {
    const install = spawnSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", `@portkey-ai/gateway@${version}`], { stdio: "inherit" });
    if (install.status !== 0) throw new Error("npm could not install @portkey-ai/gateway");
  }
  const probe = createServer();
  await new Promise((listening) => probe.listen(0, "127.0.0.1", listening));
  const { port } = probe.address();
  await new Promise((closed) => probe.close(closed));
  return startPinned(
    1,
    script,
    [`--port=${port}`, "--headless"],
    { NODE_ENV: "production" },
    { nodeArgs: ["--import", "./bench/loopback-only.mjs"], ready: new RegExp(`running at:[\\s\\S]*?localhost:(${port})`) },
  ).then((server) => ({ ...server, url: `http://127.0.0.1:${port}` }));
}
const portkey = args.portkey ? await startPortkey() : undefined;

const directory = mkdtempSync(join(tmpdir(), "switchyard-bench-"));
const databasePath = join(directory, "bench.db");
writeFileSync(join(directory, "config.yaml"), benchConfigYaml(upstream.url, masterKey));
const switchyard = await startPinned(1, "bin/switchyard.mjs", ["--config", join(directory, "config.yaml"), "--port", "0", "--host", "127.0.0.1"], {
  DATABASE_URL: `file:${databasePath}`,
  SWITCHYARD_LOG_LEVEL: "warn",
  SWITCHYARD_DASHBOARD: "on",
  NODE_ENV: "production",
});
/** With --otel: the same gateway and config, plus the otel callback (batched OTLP/HTTP export) to a fake collector on core 0. */
async function startOtelGateway() {
  const collector = await startPinned(0, "bench/fake-collector.mjs", []);
  const otelDirectory = mkdtempSync(join(tmpdir(), "switchyard-bench-otel-"));
  writeFileSync(join(otelDirectory, "config.yaml"), benchConfigYaml(upstream.url, masterKey) + 'litellm_settings: { callbacks: ["otel"] }\n');
  const server = await startPinned(1, "bin/switchyard.mjs", ["--config", join(otelDirectory, "config.yaml"), "--port", "0", "--host", "127.0.0.1"], {
    DATABASE_URL: `file:${join(otelDirectory, "bench.db")}`,
    SWITCHYARD_LOG_LEVEL: "warn",
    SWITCHYARD_DASHBOARD: "off",
    NODE_ENV: "production",
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_SERVICE_NAME: "switchyard-bench",
  });
  return { ...server, collector };
}
const otel = args.otel || args["otel-only"] ? await startOtelGateway() : undefined;
// Prices and wildcard keys use the built-in map: LiteLLM's full map, 2,983 models.
// Load the dashboard once, so idle RSS includes it.
await fetch(`${switchyard.url}/sign-in`).then((response) => response.text());

async function manage(path, body) {
  const response = await fetch(switchyard.url + path, { method: "POST", headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
const { key } = await manage("/key/generate", { key_alias: "bench" });
const { key: wildcardKey } = await manage("/key/generate", { key_alias: "bench-wildcard", models: ["openai/*"] });

const messagesBody = JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "Say hello" }] });
const messagesStreamBody = JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "Say hello" }], stream: true });
const first = await (
  await fetch(`${switchyard.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "reasoner", input: "hi" }),
  })
).json();
const followUpBody = JSON.stringify({ model: "reasoner", input: "and again", previous_response_id: first.id });

const auth = (secret) => ({ authorization: `Bearer ${secret}`, "content-type": "application/json" });
/** As Anthropic's SDKs send a request: the key as x-api-key, and the API version. */
const anthropicAuth = (secret) => ({ "x-api-key": secret, "anthropic-version": "2023-06-01", "content-type": "application/json" });
const idleRss = rssMb(switchyard.pid);

/** One autocannon run; returns requests per second and the server's CPU time per request. */
const load = (url, headers, body, { pid, connectionCount = connections, requests, amount, duration = seconds } = {}) =>
  loadTargets(url, headers, body, { pids: pid ? [pid] : [], connections: connectionCount, requests, amount, duration });

/** Sequential requests on one connection: median time to first byte and to the last. */
async function oneConnection(url, headers, body, count = 400) {
  const ttfb = [];
  const total = [];
  for (let index = 0; index < count + 50; index++) {
    const started = process.hrtime.bigint();
    const response = await request(url, { method: "POST", headers, body });
    let firstByte;
    for await (const _chunk of response.body) firstByte ??= process.hrtime.bigint();
    const ended = process.hrtime.bigint();
    if (index < 50) continue; // warm-up
    ttfb.push(Number((firstByte ?? ended) - started) / 1e6);
    total.push(Number(ended - started) / 1e6);
  }
  return { ttfbMs: median(ttfb), totalMs: median(total) };
}

const costQuartiles = (ratios) => {
  const costs = ratios.map((ratio) => (1 - ratio) * 100).sort((a, b) => a - b);
  return `${costs[Math.floor((costs.length - 1) / 4)].toFixed(1)}% to ${costs[Math.ceil(((costs.length - 1) * 3) / 4)].toFixed(1)}%`;
};

const scenarios = [
  { name: "chat: fake upstream directly", base: "chat: reference proxy", run: () => load(`${upstream.url}/v1/chat/completions`, auth("x"), chatBody, { pid: upstream.pid }) },
  { name: "chat: reference proxy", base: "chat: reference proxy", run: () => load(`${reference.url}/v1/chat/completions`, auth("x"), chatBody, { pid: reference.pid }) },
  { name: "chat: switchyard", base: "chat: reference proxy", run: () => load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, { pid: switchyard.pid }) },
  ...(portkey
    ? [
        {
          name: `chat: portkey gateway 1.15.2`,
          base: "chat: reference proxy",
          run: () =>
            load(`${portkey.url}/v1/chat/completions`, { ...auth("x"), "x-portkey-provider": "openai", "x-portkey-custom-host": `${upstream.url}/v1` }, chatBody, { pid: portkey.pid }),
        },
      ]
    : []),
  ...(otel
    ? [
        {
          name: "chat + otel callback (batched OTLP export): switchyard",
          base: "chat: reference proxy",
          run: () => load(`${otel.url}/v1/chat/completions`, auth(masterKey), chatBody, { pid: otel.pid }),
        },
      ]
    : []),
  { name: "stream: reference proxy", base: "stream: reference proxy", run: () => load(`${reference.url}/v1/chat/completions`, auth("x"), streamBody, { pid: reference.pid }) },
  { name: "stream: switchyard", base: "stream: reference proxy", run: () => load(`${switchyard.url}/v1/chat/completions`, auth(key), streamBody, { pid: switchyard.pid }) },
  { name: "messages: reference proxy", base: "messages: reference proxy", run: () => load(`${reference.url}/v1/messages`, anthropicAuth("x"), messagesBody, { pid: reference.pid }) },
  { name: "messages: switchyard", base: "messages: reference proxy", run: () => load(`${switchyard.url}/v1/messages`, anthropicAuth(key), messagesBody, { pid: switchyard.pid }) },
  {
    name: "messages stream: reference proxy",
    base: "messages stream: reference proxy",
    run: () => load(`${reference.url}/v1/messages`, anthropicAuth("x"), messagesStreamBody, { pid: reference.pid }),
  },
  {
    name: "messages stream: switchyard",
    base: "messages stream: reference proxy",
    run: () => load(`${switchyard.url}/v1/messages`, anthropicAuth(key), messagesStreamBody, { pid: switchyard.pid }),
  },
  {
    name: "bedrock stream: reference proxy",
    base: "bedrock stream: reference proxy",
    run: () => load(`${reference.url}${bedrockConversePath}`, auth("x"), converseStreamBody, { pid: reference.pid }),
  },
  {
    name: "bedrock stream (SigV4, event stream): switchyard",
    base: "bedrock stream: reference proxy",
    run: () => load(`${switchyard.url}/v1/chat/completions`, auth(key), bedrockStreamBody, { pid: switchyard.pid }),
  },
  {
    name: "responses follow-up: reference proxy",
    base: "responses follow-up: reference proxy",
    run: () => load(`${reference.url}/v1/responses`, auth("x"), followUpBody, { pid: reference.pid }),
  },
  {
    name: "responses follow-up (affinity): switchyard",
    base: "responses follow-up: reference proxy",
    run: () => load(`${switchyard.url}/v1/responses`, auth(key), followUpBody, { pid: switchyard.pid }),
  },
  {
    name: "wildcard key, full cost map: switchyard",
    base: "chat: reference proxy",
    run: () => load(`${switchyard.url}/v1/chat/completions`, auth(wildcardKey), wildcardBody, { pid: switchyard.pid }),
  },
];

const results = new Map();
// Which run each is compared with, filled in as the rounds are defined.
const baseOf = new Map();
const record = (name, value) => results.set(name, [...(results.get(name) ?? []), value]);
async function runRounds(list) {
  for (const scenario of list) baseOf.set(scenario.name, scenario.base);
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of list) {
      record(scenario.name, await scenario.run());
      process.stderr.write(`round ${round}/${rounds}: ${scenario.name}\n`);
    }
  }
}

// The otel callback's cost, like the keys' below: many short alternating pairs against the plain
// gateway (same config, same key kind: the master key), and their median ratio.
const otelRatios = [];
async function measureOtel() {
  const plain = () => load(`${switchyard.url}/v1/chat/completions`, auth(masterKey), chatBody, { pid: switchyard.pid, duration: 2 });
  const traced = () => load(`${otel.url}/v1/chat/completions`, auth(masterKey), chatBody, { pid: otel.pid, duration: 2 });
  for (let pair = 0; pair < Math.max(9, rounds * 3); pair++) {
    const [without, withOtel] = pair % 2 === 0 ? [await plain(), await traced()] : [await traced(), await plain()].reverse();
    otelRatios.push({ rps: withOtel.rps / without.rps, cpu: withOtel.cpuUs / without.cpuUs, plainRps: without.rps, otelRps: withOtel.rps });
    process.stderr.write(`otel pair ${pair + 1}: ${Math.round(without.rps)} -> ${Math.round(withOtel.rps)} requests/s\n`);
  }
}
const otelSummary = async () => {
  const rpsRatios = otelRatios.map((ratio) => ratio.rps);
  const received = await (await fetch(otel.collector.url)).json();
  return `The otel callback costs ${((1 - median(rpsRatios)) * 100).toFixed(1)}% of chat throughput (median of ${otelRatios.length} alternating pairs of 2 s runs against the plain gateway, ${Math.round(median(otelRatios.map((ratio) => ratio.plainRps)))} vs ${Math.round(median(otelRatios.map((ratio) => ratio.otelRps)))} requests/s; quartiles ${costQuartiles(rpsRatios)}) and ${((median(otelRatios.map((ratio) => ratio.cpu)) - 1) * 100).toFixed(1)}% more server CPU per request; the collector received ${received.spans} spans in ${received.exports} exports.`;
};
if (args["otel-only"]) {
  await load(`${switchyard.url}/v1/chat/completions`, auth(masterKey), chatBody, { connectionCount: 10 });
  await load(`${otel.url}/v1/chat/completions`, auth(masterKey), chatBody, { connectionCount: 10 });
  await measureOtel();
  console.log(`\n${await otelSummary()}\n`);
  process.exit(0);
}

// Warm up every target (JIT, pools, caches), then measure.
for (const scenario of scenarios)
  await load(
    scenario.name.includes("directly")
      ? `${upstream.url}/v1/chat/completions`
      : scenario.name.includes("reference")
        ? `${reference.url}/v1/chat/completions`
        : `${switchyard.url}/v1/chat/completions`,
    auth(key),
    chatBody,
    { connectionCount: 10 },
  );
if (portkey)
  await load(`${portkey.url}/v1/chat/completions`, { ...auth("x"), "x-portkey-provider": "openai", "x-portkey-custom-host": `${upstream.url}/v1` }, chatBody, { connectionCount: 10 });
await load(`${switchyard.url}/v1/messages`, anthropicAuth(key), messagesBody, { connectionCount: 10 });
if (otel) await load(`${otel.url}/v1/chat/completions`, auth(masterKey), chatBody, { connectionCount: 10 });
await runRounds(scenarios);
if (otel) await measureOtel();

// Latency at one connection, interleaved as well.
for (let round = 1; round <= rounds; round++) {
  record("1 connection chat: reference proxy", await oneConnection(`${reference.url}/v1/chat/completions`, auth("x"), chatBody));
  record("1 connection chat: switchyard", await oneConnection(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody));
  record("1 connection stream: reference proxy", await oneConnection(`${reference.url}/v1/chat/completions`, auth("x"), streamBody));
  record("1 connection stream: switchyard", await oneConnection(`${switchyard.url}/v1/chat/completions`, auth(key), streamBody));
  record("1 connection messages stream: reference proxy", await oneConnection(`${reference.url}/v1/messages`, anthropicAuth("x"), messagesStreamBody));
  record("1 connection messages stream: switchyard", await oneConnection(`${switchyard.url}/v1/messages`, anthropicAuth(key), messagesStreamBody));
}

// 10,000 keys and 100,000 affinity records in the database, then the same chat load spread over every key.
const keys = seedKeysAndAffinity(databasePath);
let next = 0;
const rotating = [{ setupRequest: (req) => ({ ...req, headers: auth(keys[next++ % keys.length]) }) }];
// First pass loads every key into the cache, as a running gateway's traffic would have.
await load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, { requests: rotating, amount: keys.length * 2 });
await runRounds([
  { name: "chat: reference proxy (again)", base: "chat: reference proxy (again)", run: () => load(`${reference.url}/v1/chat/completions`, auth("x"), chatBody, { pid: reference.pid }) },
  {
    name: "chat: switchyard (same key, again)",
    base: "chat: reference proxy (again)",
    run: () => load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, { pid: switchyard.pid }),
  },
  {
    name: "chat over 10,000 keys, 100,000 affinity rows: switchyard",
    base: "chat: reference proxy (again)",
    run: () => load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, { pid: switchyard.pid, requests: rotating }),
  },
  {
    name: "responses follow-up: reference proxy (again)",
    base: "responses follow-up: reference proxy (again)",
    run: () => load(`${reference.url}/v1/responses`, auth("x"), followUpBody, { pid: reference.pid }),
  },
  {
    name: "responses follow-up, 100,000 affinity rows: switchyard",
    base: "responses follow-up: reference proxy (again)",
    run: () => load(`${switchyard.url}/v1/responses`, auth(key), followUpBody, { pid: switchyard.pid }),
  },
]);
// The 10% target needs a steadier figure than three 5-second pairs give on a machine whose speed
// drifts within seconds: many short pairs, alternating which goes first, and their median ratio.
const keyPairs = Math.max(9, rounds * 3);
const keyRatios = [];
const short = { pid: switchyard.pid, duration: 2 };
const sameKey = () => load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, short);
const manyKeys = () => load(`${switchyard.url}/v1/chat/completions`, auth(key), chatBody, { ...short, requests: rotating });
for (let pair = 0; pair < keyPairs; pair++) {
  const [same, many] = pair % 2 === 0 ? [await sameKey(), await manyKeys()] : [await manyKeys(), await sameKey()].reverse();
  keyRatios.push(many.rps / same.rps);
}
const loadedRss = rssMb(switchyard.pid);

// Optional soak: steady chat load, RSS sampled every 10 s.
const soak = [];
if (soakSeconds > 0) {
  const started = Date.now();
  while (Date.now() - started < soakSeconds * 1000) {
    await autocannon({ url: `${switchyard.url}/v1/chat/completions`, method: "POST", headers: auth(key), body: chatBody, connections: 10, duration: 10 });
    soak.push(rssMb(switchyard.pid));
  }
}

// The gateway's own figure for a request, from its header: the median of 200 sequential chats (one can land on a GC pause).
const overheads = [];
for (let index = 0; index < 200; index++) {
  const response = await request(`${switchyard.url}/v1/chat/completions`, { method: "POST", headers: auth(key), body: chatBody });
  await response.body.text();
  overheads.push(Number(response.headers["x-switchyard-overhead-duration-ms"]));
}
const overhead = median(overheads).toFixed(3);

// The table. Each run is compared with its reference from the same round (the machine's speed
// drifts between rounds more than between neighbouring runs); the median of those ratios is shown.
const mid = (name, field) => median(results.get(name).map((value) => value[field]));
const pairedRatio = (name, base) => median(results.get(name).map((value, round) => value.rps / results.get(base)[round].rps));
const rows = [];
for (const name of results.keys()) {
  if (!("rps" in results.get(name)[0])) continue;
  const rps = mid(name, "rps");
  rows.push(`| ${name} | ${Math.round(rps).toLocaleString("en")} | ${pairedRatio(name, baseOf.get(name)).toFixed(2)} | ${Math.round(mid(name, "cpuUs"))} µs |`);
}
const latency = [...results.keys()]
  .filter((name) => name.startsWith("1 connection"))
  .map((name) => `| ${name} | ${mid(name, "ttfbMs").toFixed(3)} ms | ${mid(name, "totalMs").toFixed(3)} ms |`);
console.log(`
Switchyard benchmark: ${rounds} interleaved rounds of ${seconds} s, ${connections} connections, non-streaming unless named; ${hasTaskset ? "load generator and fake upstream on core 0, server under test on core 1" : "no taskset: processes not pinned"}; Node ${process.version}.

| run | requests/s (median) | vs reference (same round, median) | server CPU per request |
| --- | --- | --- | --- |
${rows.join("\n")}

| one connection, sequential | time to first byte (median) | total (median) |
| --- | --- | --- |
${latency.join("\n")}

Switchyard RSS: ${idleRss.toFixed(0)} MB idle with the dashboard loaded, ${loadedRss.toFixed(0)} MB after the load${soak.length ? `; soak of ${soakSeconds} s: ${soak.map((value) => value.toFixed(0)).join(" -> ")} MB` : ""}.
The gateway's own figure, x-switchyard-overhead-duration-ms, median of 200 sequential chats: ${overhead} ms.
10,000 keys and 100,000 affinity rows cost ${((1 - median(keyRatios)) * 100).toFixed(1)}% of chat throughput against the same key (median of ${keyPairs} alternating pairs of 2 s runs; quartiles ${costQuartiles(keyRatios)}).${
  otel ? `\n${await otelSummary()}` : ""
}${
  portkey
    ? `\nChat through Switchyard: ${pairedRatio("chat: switchyard", "chat: portkey gateway 1.15.2").toFixed(1)} times Portkey's requests/s, at ${(mid("chat: portkey gateway 1.15.2", "cpuUs") / mid("chat: switchyard", "cpuUs")).toFixed(1)} times less CPU per request.`
    : ""
}
`);
if (scaleOut) console.log(await runScaleOut({ upstream, rounds, seconds, connections, masterKey }));
else if (scaleOut === false) console.log("Scale-out rows skipped: PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) does not answer.");
process.exit(0);
