#!/usr/bin/env node
// Seeds the dashboard's scale test: teams, keys and spend rows (with their hourly usage rollups,
// as the spend writer would have kept them) over the last days, on SQLite or PostgreSQL.
//
//   npm run seed:dashboard -- [--database file:./data/dashboard-bench.db | postgres://...]
//                             [--teams 200] [--keys 100000] [--rows 10000000] [--days 30]
//
// SQLite: one prepared statement run row by row in transactions of an hour of traffic each.
// PostgreSQL: one `insert ... select from unnest($1::text[], ...)` per 5,000 rows (a statement
// of 26 array parameters, not 130,000 scalar ones). Rows are made in time order with rising
// request ids, so every index but (team, time) is appended to. The database must be new.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { values: options } = parseArgs({
  options: {
    database: { type: "string", default: "file:./data/dashboard-bench.db" },
    teams: { type: "string", default: "200" },
    keys: { type: "string", default: "100000" },
    rows: { type: "string", default: "10000000" },
    days: { type: "string", default: "30" },
  },
});
const teamCount = Number(options.teams);
const keyCount = Number(options.keys);
const rowCount = Number(options.rows);
const days = Number(options.days);
const postgres = /^postgres(ql)?:\/\//.test(options.database);

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const models = [
  { name: "gpt-4o", input: 2.5e-6, output: 1e-5, weight: 30 },
  { name: "gpt-4o-mini", input: 1.5e-7, output: 6e-7, weight: 30 },
  { name: "claude-sonnet-4-6", input: 3e-6, output: 1.5e-5, weight: 15 },
  { name: "claude-haiku-4-5", input: 1e-6, output: 5e-6, weight: 10 },
  { name: "o4-mini", input: 1.1e-6, output: 4.4e-6, weight: 6 },
  { name: "text-embedding-3-small", input: 2e-8, output: 0, weight: 5 },
  { name: "gemini-2.5-flash", input: 3e-7, output: 2.5e-6, weight: 3 },
  { name: "mistral-large", input: 2e-6, output: 6e-6, weight: 1 },
];
const modelPicks = models.flatMap((model) => Array(model.weight).fill(model));
const tags = ["batch", "nightly", "eval", "chat-ui", "support-bot", "ci", "search", "agent", "ingest", "summarise"];

// A small, fast, seeded generator: the same seed gives the same database.
let state = 0x2545f491;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const below = (n) => Math.floor(random() * n);

const teamId = (index) => `team-${String(index).padStart(3, "0")}`;
const token = (index) => createHash("sha256").update(`seed-key-${index}`).digest("hex");

const columns = [
  "request_id",
  "api_key",
  "team_id",
  "call_type",
  "model",
  "model_group",
  "model_id",
  "provider",
  "spend",
  "unpriced",
  "cost_map_version",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "start_time",
  "end_time",
  "status",
  "status_code",
  "error_message",
  "user_id",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "affinity",
  "attempted_fallbacks",
  "tags",
];
const rollupColumns = [
  "team_id",
  "dimension",
  "hour",
  "value",
  "requests",
  "failures",
  "unpriced",
  "spend",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
];

/** One spend row as an array in `columns` order (times as epoch ms). */
function makeRow(sequence, at) {
  const key = below(keyCount);
  const team = teamId(key % teamCount);
  const model = modelPicks[below(modelPicks.length)];
  const failed = random() < 0.03;
  const prompt = failed ? 0 : 50 + below(4000);
  const completion = failed || model.output === 0 ? 0 : 10 + below(1000);
  const cached = prompt > 1000 && random() < 0.3 ? below(prompt) : 0;
  const reasoning = model.name === "o4-mini" ? below(completion + 1) : 0;
  const spend = prompt * model.input + completion * model.output;
  const tagged = random() < 0.25 ? JSON.stringify([tags[below(tags.length)]]) : null;
  const duration = 200 + below(5000);
  return [
    `seed-${String(sequence).padStart(10, "0")}`,
    token(key),
    team,
    model.output === 0 ? "embeddings" : "chat.completions",
    model.name,
    model.name,
    `${model.name}-${sequence % 2 === 0 ? "east" : "west"}`,
    model.name.startsWith("claude") ? "anthropic" : "openai",
    spend,
    false,
    1,
    prompt,
    completion,
    prompt + completion,
    at,
    at + duration,
    failed ? "failure" : "success",
    failed ? (random() < 0.5 ? 429 : 500) : 200,
    failed ? "upstream rate limited the request" : null,
    `user-${key % 5000}`,
    cached,
    0,
    reasoning,
    null,
    failed && random() < 0.3 ? 1 : 0,
    tagged,
  ];
}

/** Adds a row to the rollup groups as roll-up-usage.ts does: keys and users per UTC day (`daily`), the rest per hour (`hourly`). */
function rollUp(hourly, daily, hour, row) {
  const add = (team, dimension, value) => {
    const perDay = dimension === "key" || dimension === "user";
    const groups = perDay ? daily : hourly;
    const id = `${team}\u0000${dimension}\u0000${value}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = [team, dimension, perDay ? Math.floor(hour / dayMs) * dayMs : hour, value, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    group[4] += 1;
    if (row[16] === "failure") group[5] += 1;
    group[7] += row[8];
    group[8] += row[11];
    group[9] += row[12];
    group[10] += row[20];
    group[11] += row[21];
    group[12] += row[22];
  };
  add(row[2], "model", row[5]);
  add(row[2], "key", row[1]);
  add(row[2], "user", row[19]);
  add("*", "team", row[2]);
  add("*", "model", row[5]);
  if (row[25]) {
    const tag = JSON.parse(row[25])[0];
    add(row[2], "tag", tag);
    add("*", "tag", tag);
  }
}

/** Every hour of the range in order: its rows (spread evenly), its hourly groups, and at each UTC day's end that day's groups. */
function* hours() {
  const end = Math.floor(Date.now() / hourMs) * hourMs + hourMs;
  const count = days * 24;
  let sequence = 0;
  let daily = new Map();
  for (let index = 0; index < count; index++) {
    const hour = end - (count - index) * hourMs;
    const rows = Math.floor(((index + 1) * rowCount) / count) - Math.floor((index * rowCount) / count);
    const made = [];
    const groups = new Map();
    for (let offset = 0; offset < rows; offset++) {
      // The current hour's rows stay in the past: the logs page starts at "now".
      const at = hour + Math.floor((offset * Math.min(hourMs, Date.now() - hour)) / Math.max(rows, 1));
      const row = makeRow(sequence++, at);
      made.push(row);
      rollUp(groups, daily, hour, row);
    }
    const dayEnds = (hour + hourMs) % dayMs === 0 || index === count - 1;
    yield { rows: made, groups: dayEnds ? [...groups.values(), ...daily.values()] : [...groups.values()] };
    if (dayEnds) daily = new Map();
  }
}

function teamsAndKeys(now) {
  const teams = Array.from({ length: teamCount }, (_, index) => [teamId(index), `Team ${index}`, now, now]);
  const keys = Array.from({ length: keyCount }, (_, index) => [token(index), `sk-...${token(index).slice(-4)}`, `key-${index}`, teamId(index % teamCount), `user-${index % 5000}`, now, now]);
  return { teams, keys };
}

async function seedSqlite(path) {
  const { default: Database } = await import("better-sqlite3");
  const { drizzle } = await import("drizzle-orm/better-sqlite3");
  const { migrate } = await import("drizzle-orm/better-sqlite3/migrator");
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  migrate(drizzle(sqlite), { migrationsFolder: join(root, "drizzle/sqlite") });
  const now = Date.now();
  const { teams, keys } = teamsAndKeys(now);
  const insertTeam = sqlite.prepare("insert into teams (team_id, team_alias, models, metadata, created_at, updated_at) values (?, ?, '[]', '{}', ?, ?)");
  const insertKey = sqlite.prepare(
    "insert into virtual_keys (token, key_name, key_alias, team_id, user_id, models, metadata, created_at, updated_at) values (?, ?, ?, ?, ?, '[]', '{}', ?, ?)",
  );
  sqlite.transaction(() => {
    for (const team of teams) insertTeam.run(team);
    for (const key of keys) insertKey.run(key);
  })();
  const insertRow = sqlite.prepare(`insert into spend_logs (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`);
  const insertGroup = sqlite.prepare(`insert into usage_hourly (${rollupColumns.join(", ")}) values (${rollupColumns.map(() => "?").join(", ")})`);
  const writeHour = sqlite.transaction((hour) => {
    for (const row of hour.rows) {
      row[9] = row[9] ? 1 : 0;
      insertRow.run(row);
    }
    for (const group of hour.groups) insertGroup.run(group);
  });
  await progress(hours(), (hour) => writeHour(hour));
  // The rows are the keys' history, not new spend: the gateway must not settle them all at start.
  sqlite.exec("update spend_settlement set settled_through = (select coalesce(max(rowid), 0) from spend_logs) where id = 1");
  sqlite.exec("analyze");
  sqlite.close();
}

async function seedPostgres(url) {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrate(drizzle(client), { migrationsFolder: join(root, "drizzle/postgres") });
  const now = new Date();
  const { teams, keys } = teamsAndKeys(now);
  const unnest = async (table, names, types, rows) => {
    const arrays = names.map((_, column) => rows.map((row) => row[column]));
    await client.query(`insert into ${table} (${names.join(", ")}) select * from unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(", ")})`, arrays);
  };
  await unnest("teams", ["team_id", "team_alias", "created_at", "updated_at"], ["text", "text", "timestamptz", "timestamptz"], teams);
  for (let start = 0; start < keys.length; start += 10_000) {
    await unnest(
      "virtual_keys",
      ["token", "key_name", "key_alias", "team_id", "user_id", "created_at", "updated_at"],
      ["text", "text", "text", "text", "text", "timestamptz", "timestamptz"],
      keys.slice(start, start + 10_000),
    );
  }
  const rowTypes = [
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "float8",
    "bool",
    "int4",
    "int4",
    "int4",
    "int4",
    "timestamptz",
    "timestamptz",
    "text",
    "int4",
    "text",
    "text",
    "int4",
    "int4",
    "int4",
    "text",
    "int4",
    "text",
  ];
  const rollupTypes = ["text", "text", "int8", "text", "int8", "int8", "int8", "float8", "int8", "int8", "int8", "int8", "int8"];
  await progress(hours(), async (hour) => {
    await client.query("begin");
    for (const row of hour.rows) {
      row[14] = new Date(row[14]);
      row[15] = new Date(row[15]);
    }
    for (let start = 0; start < hour.rows.length; start += 5_000) await unnest("spend_logs", columns, rowTypes, hour.rows.slice(start, start + 5_000));
    for (let start = 0; start < hour.groups.length; start += 5_000) await unnest("usage_hourly", rollupColumns, rollupTypes, hour.groups.slice(start, start + 5_000));
    await client.query("commit");
  });
  await client.query("analyze");
  await client.end();
}

async function progress(source, write) {
  const started = Date.now();
  let written = 0;
  let lastReport = started;
  for (const hour of source) {
    await write(hour);
    written += hour.rows.length;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.log(`${written.toLocaleString("en")} rows, ${Math.round(written / ((lastReport - started) / 1000)).toLocaleString("en")}/s`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`${written.toLocaleString("en")} spend rows in ${seconds.toFixed(0)} s (${Math.round(written / seconds).toLocaleString("en")}/s)`);
}

const started = Date.now();
console.log(`seeding ${options.database}: ${teamCount} teams, ${keyCount} keys, ${rowCount} spend rows over ${days} days`);
if (postgres) await seedPostgres(options.database);
else await seedSqlite(resolve(options.database.replace(/^file:/, "")));
console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
