// The scale-out rows of `npm run bench`: the same loads on SQLite, on PostgreSQL + Redis with one
// instance, and with two instances sharing the load (every gateway pinned to core 1, as the
// main bench pins its server), with PostgreSQL's and Redis's CPU per request beside the
// gateways'. The database is one of the run's own on the machine's server, dropped at the end;
// Redis keys carry a prefix of the run's own and are deleted at the end.
//   SWITCHYARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
//   SWITCHYARD_BENCH_REDIS_URL (default redis://127.0.0.1:6379)
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { benchConfigYaml, chatBody, streamBody } from "./bench-setup.mjs";
import { load, median, startPinned } from "./harness.mjs";
import { seedKeysAndAffinity, seedKeysAndAffinityPostgres } from "./seed-keys.mjs";

const adminUrl = process.env.SWITCHYARD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.SWITCHYARD_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether the machine's PostgreSQL and Redis answer (the rows are skipped, and said to be, when not). */
export async function scaleOutAvailable() {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
  try {
    await client.connect();
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
    redis.disconnect();
  }
}

const auth = (secret) => ({ authorization: `Bearer ${secret}`, "content-type": "application/json" });

/** Runs the rows and returns the table as markdown. */
export async function runScaleOut({ upstream, rounds, seconds, connections, masterKey }) {
  const name = `sy_bench_${randomBytes(5).toString("hex")}`;
  const prefix = `${name}:`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const redis = new Redis(redisUrl);
  const servers = [];
  try {
    const directory = mkdtempSync(join(tmpdir(), "switchyard-bench-scaleout-"));
    writeFileSync(join(directory, "config.yaml"), benchConfigYaml(upstream.url, masterKey));
    const start = (env) =>
      startPinned(1, "bin/switchyard.mjs", ["--config", join(directory, "config.yaml"), "--port", "0", "--host", "127.0.0.1"], {
        SWITCHYARD_LOG_LEVEL: "warn",
        SWITCHYARD_DASHBOARD: "off",
        NODE_ENV: "production",
        SWITCHYARD_SALT_KEY: "bench-salt-key-0123456789",
        ...env,
      }).then((server) => (servers.push(server), server));
    const sqlitePath = join(directory, "bench.db");
    const sqlite = await start({ DATABASE_URL: `file:${sqlitePath}` });
    const shared = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, SWITCHYARD_REDIS_PREFIX: prefix };
    const first = await start(shared);
    const second = await start(shared);

    const generateKey = async (server) => {
      const response = await fetch(`${server.url}/key/generate`, { method: "POST", headers: auth(masterKey), body: JSON.stringify({ key_alias: "bench" }) });
      if (!response.ok) throw new Error(`/key/generate: ${response.status} ${await response.text()}`);
      return (await response.json()).key;
    };
    const followUp = async (server, key) => {
      const response = await fetch(`${server.url}/v1/responses`, { method: "POST", headers: auth(key), body: JSON.stringify({ model: "reasoner", input: "hi" }) });
      return JSON.stringify({ model: "reasoner", input: "and again", previous_response_id: (await response.json()).id });
    };
    const sqliteKey = await generateKey(sqlite);
    const sharedKey = await generateKey(first);
    const sqliteFollowUp = await followUp(sqlite, sqliteKey);
    // Made on the first instance, followed up on both: affinity from anywhere.
    const sharedFollowUp = await followUp(first, sharedKey);

    // PostgreSQL: the backends serving this run's database, and the server's own writers (WAL,
    // checkpoints), which other users of the server may keep busy too. Redis: its one process.
    const auxiliary = spawnSync("pgrep", ["-f", "postgres: .*(walwriter|checkpointer|background writer)"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
    const postgresPids = async () => [...auxiliary, ...(await admin.query("select pid from pg_stat_activity where datname = $1", [name])).rows.map((row) => row.pid)];
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))[1]);
    const extra = { postgres: postgresPids, redis: async () => [redisPid] };

    const targets = {
      sqlite: { urls: [sqlite.url], pids: [sqlite.pid], key: sqliteKey, followUp: sqliteFollowUp, extra: {} },
      one: { urls: [first.url], pids: [first.pid], key: sharedKey, followUp: sharedFollowUp, extra },
      two: { urls: [first.url, second.url], pids: [first.pid, second.pid], key: sharedKey, followUp: sharedFollowUp, extra },
    };
    const labels = { sqlite: "SQLite", one: "PostgreSQL + Redis, one instance", two: "PostgreSQL + Redis, two instances" };
    const rows = [
      { name: "chat", path: "/v1/chat/completions", body: () => chatBody },
      { name: "stream", path: "/v1/chat/completions", body: () => streamBody },
      { name: "responses follow-up", path: "/v1/responses", body: (target) => target.followUp },
    ];
    const results = new Map();
    const measure = async (row, kind, options = {}) => {
      const target = targets[kind];
      const result = await load(
        target.urls.map((url) => url + row.path),
        auth(target.key),
        row.body(target),
        { pids: target.pids, extra: target.extra, connections, duration: seconds, ...options },
      );
      const label = `${row.name}: ${labels[kind]}`;
      results.set(label, [...(results.get(label) ?? []), result]);
      process.stderr.write(`scale-out: ${label}: ${Math.round(result.rps)} requests/s\n`);
    };
    const runRows = async (list, options) => {
      for (let round = 0; round < rounds; round++) {
        for (const row of list) {
          // Which set-up goes first turns with the round (the machine's speed drifts).
          const order = ["sqlite", "one", "two"];
          for (let turn = 0; turn < round % 3; turn++) order.push(order.shift());
          for (const kind of order) await measure(row, kind, typeof options === "function" ? options(kind) : options);
        }
      }
    };

    for (const kind of Object.keys(targets)) for (const row of rows) await measure(row, kind, { connections: 10, duration: 1 });
    results.clear();
    await runRows(rows);

    // 10,000 keys and 100,000 affinity rows in each database, then chat spread over every key.
    const keys = seedKeysAndAffinity(sqlitePath);
    await seedKeysAndAffinityPostgres(databaseUrl, keys);
    let next = 0;
    const rotating = [{ setupRequest: (request) => ({ ...request, headers: auth(keys[next++ % keys.length]) }) }];
    // First pass loads every key into each gateway's cache, as its own traffic would have.
    for (const server of [sqlite, first, second]) await load(`${server.url}/v1/chat/completions`, auth(sharedKey), chatBody, { requests: rotating, amount: keys.length + 100 });
    await runRows([{ name: "chat over 10,000 keys, 100,000 affinity rows", path: "/v1/chat/completions", body: () => chatBody }], { requests: rotating });
    await runRows([{ name: "responses follow-up, 100,000 affinity rows", path: "/v1/responses", body: (target) => target.followUp }]);

    const cell = (values, field) => median(values.map((value) => value[field]));
    const us = (value) => `${Math.round(value)} µs`;
    // Each run against the SQLite run of the same row and round (the machine's speed drifts between rounds), median of those ratios.
    const lines = [...results].map(([label, values]) => {
      const sqliteRuns = results.get(label.replace(/: [^:]+$/, `: ${labels.sqlite}`));
      const versus = (of) => `${median(values.map((value, round) => of(value) / of(sqliteRuns[round]))).toFixed(2)}×`;
      const head = `| ${label} | ${Math.round(cell(values, "rps")).toLocaleString("en")} | ${cell(values, "p50")} ms | ${cell(values, "p99")} ms | ${us(cell(values, "cpuUs"))}`;
      if (label.endsWith(labels.sqlite)) return `${head} | - | - | | | | |`;
      const all = (value) => value.cpuUs + (value.extraUs.postgres ?? 0) + (value.extraUs.redis ?? 0);
      return `${head} | ${us(median(values.map((value) => value.extraUs.postgres)))} | ${us(median(values.map((value) => value.extraUs.redis)))} | ${versus((value) => value.rps)} | ${versus((value) => value.p99)} | ${versus((value) => value.cpuUs)} | ${versus(all)} |`;
    });
    return `Scale-out: ${rounds} rounds of ${seconds} s, ${connections} connections (shared out between the instances), every gateway on core 1, the load generator and fake upstream on core 0; PostgreSQL and Redis unpinned. Gateway CPU is summed over the instances; PostgreSQL's is its backends for this run's database plus the server's WAL writer, checkpointer and background writer; latency is the slower instance's. "vs SQLite" is the median over rounds of each run against the SQLite run of the same row and round.

| run | requests/s (median) | p50 | p99 | gateway CPU per request | PostgreSQL CPU per request | Redis CPU per request | requests/s vs SQLite | p99 vs SQLite | gateway CPU vs SQLite | gateway + PostgreSQL + Redis CPU vs SQLite |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${lines.join("\n")}
`;
  } finally {
    for (const server of servers) server.child.kill("SIGKILL");
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    let cursor = "0";
    do {
      const [nextCursor, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (found.length) await redis.del(...found);
      cursor = nextCursor;
    } while (cursor !== "0");
    redis.disconnect();
  }
}
