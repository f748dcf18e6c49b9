#!/usr/bin/env node
// Server time of every dashboard page and tRPC procedure against a seeded database (see
// seed-dashboard.mjs), at p50/p95 over sequential requests, from the built production server.
//
//   npm run bench:dashboard -- --database file:./data/dashboard-bench.db [--samples 20] [--team team-000]
//
// Signs in as an instance admin (created at start from SWITCHYARD_ADMIN_EMAIL when the database
// has no user; an instance admin passes every team check and sees every team, the heaviest case).
// Writes test-results/bench-dashboard.json and prints a table; the target is p95 < 500 ms.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { values: options } = parseArgs({
  options: {
    database: { type: "string", default: "file:./data/dashboard-bench.db" },
    samples: { type: "string", default: "20" },
    team: { type: "string", default: "team-000" },
  },
});
const samples = Number(options.samples);
const team = options.team;
const email = "bench-admin@switchyard.test";
const password = "bench-admin-password-0123";
const databaseUrl = /^postgres(ql)?:\/\//.test(options.database) ? options.database : `file:${resolve(options.database.replace(/^file:/, ""))}`;

async function startServer() {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-bench-dashboard-"));
  const config = join(directory, "config.yaml");
  writeFileSync(config, "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: sk-fake\n      api_base: http://127.0.0.1:9/v1\n");
  const child = spawn(process.execPath, [join(root, "bin/switchyard.mjs"), "--config", config, "--port", "0", "--host", "127.0.0.1"], {
    cwd: directory,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      SWITCHYARD_MASTER_KEY: "sk-bench-master-key-0123456789",
      SWITCHYARD_LOG_LEVEL: "warn",
      SWITCHYARD_DASHBOARD: "on",
      SWITCHYARD_ADMIN_EMAIL: email,
      SWITCHYARD_ADMIN_PASSWORD: password,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const port = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 120_000);
    const check = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.on("exit", (code) => fail(new Error(`server exited ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) };
}

async function signIn(baseUrl) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .find((cookie) => /next-auth\.session-token=/.test(cookie));
  if (!session) throw new Error(`sign-in failed: ${response.status}`);
  return session;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(name, request) {
  // Two warm-ups: the first compiles queries and fills caches.
  for (let index = 0; index < 2; index++) await request();
  const times = [];
  let bytes = 0;
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    const response = await request();
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    bytes = body.byteLength;
    if (!response.ok) throw new Error(`${name}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  }
  times.sort((a, b) => a - b);
  const result = { name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], bytes };
  console.log(
    `${name.padEnd(52)} p50 ${result.p50.toFixed(0).padStart(5)} ms  p95 ${result.p95.toFixed(0).padStart(5)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB${result.p95 > 500 ? "  OVER 500 ms" : ""}`,
  );
  return result;
}

const server = await startServer();
try {
  const cookie = await signIn(server.url);
  const get = (path) => () => fetch(`${server.url}${path}`, { headers: { cookie } });
  const trpc = (path, input) => get(`/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`);
  const results = [];
  console.log(`dashboard server time over ${samples} sequential requests each (${options.database}, team ${team})`);
  for (const page of ["/", "/keys", "/rules", "/cost-map", "/provider-credentials", "/model-groups", "/spend", "/logs", "/usage", "/affinity", "/audit", "/realtime", "/members"]) {
    results.push(await measure(`page ${page}`, get(page)));
  }
  // One page of logs far back: the keyset cursor of a row from days ago costs what the first page costs.
  const first = await (await trpc("logs.list", { teamId: team, limit: 50, from: Date.now() - 30 * 86_400_000 })()).json();
  const deep = first.result.data.rows.at(-1);
  const procedures = [
    ["teams.mine"],
    ["keys.list", { teamId: team }],
    ["members.list", { teamId: team }],
    ["rules.get", { teamId: team }],
    ["audit.list", { teamId: team, limit: 100 }],
    ["costMap.overview"],
    ["models.list"],
    ["spend.team", { teamId: team, days: 30 }],
    ["spend.teams", { days: 30 }],
    ["logs.list", { teamId: team, limit: 50 }],
    ["logs.list", { teamId: team, limit: 50, from: Date.now() - 7 * 86_400_000, model: "mistral-large" }, "logs.list (7 days, a rare model)"],
    ["logs.list", { teamId: team, limit: 50, status: "failure" }, "logs.list (failures)"],
    ["logs.list", { teamId: team, limit: 50, key: "key-0" }, "logs.list (one key)"],
    ["logs.list", { teamId: team, limit: 50, tag: "nightly" }, "logs.list (a tag)"],
    ["logs.list", { teamId: team, limit: 50, from: Date.now() - 30 * 86_400_000, cursor: deep && { startTime: deep.startTime, requestId: deep.requestId } }, "logs.list (next page)"],
    ["logs.listAll", { limit: 50 }],
    ["logs.listAll", { limit: 50, key: "key-1" }, "logs.listAll (one key)"],
    ["logs.get", { teamId: team, requestId: deep?.requestId ?? "none" }],
    ["usage.team", { teamId: team, days: 30, by: "model" }, "usage.team (by model)"],
    ["usage.team", { teamId: team, days: 30, by: "key", timeZone: "Europe/Paris" }, "usage.team (by key)"],
    ["usage.team", { teamId: team, days: 30, by: "user" }, "usage.team (by user)"],
    ["usage.team", { teamId: team, days: 30, by: "tag", timeZone: "America/New_York" }, "usage.team (by tag)"],
    ["usage.instance", { days: 30, by: "team" }, "usage.instance (by team)"],
    ["usage.instance", { days: 30, by: "model" }, "usage.instance (by model)"],
  ];
  for (const [path, input, name] of procedures) {
    try {
      results.push(await measure(name ?? path, trpc(path, input)));
    } catch (error) {
      console.log(`${(name ?? path).padEnd(52)} failed: ${error.message}`);
      results.push({ name: name ?? path, error: error.message });
    }
  }
  for (const [name, path] of [
    ["csv request-logs (team, 24 h)", `/api/export/request-logs?teamId=${team}`],
    ["csv usage (team, by key, 30 days)", `/api/export/usage?teamId=${team}&by=key`],
  ]) {
    results.push(await measure(name, get(path)));
  }
  mkdirSync(join(root, "test-results"), { recursive: true });
  writeFileSync(join(root, "test-results/bench-dashboard.json"), JSON.stringify({ database: options.database, samples, team, at: new Date().toISOString(), results }, null, 2));
  const over = results.filter((result) => result.error || result.p95 > 500);
  console.log(over.length === 0 ? "every page and procedure under 500 ms at p95" : `over 500 ms at p95 or failed: ${over.map((result) => result.name).join(", ")}`);
} finally {
  await server.stop();
}
