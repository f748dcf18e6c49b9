// Times cost-map preview and apply of full real maps through the production server's management
// API (a real HTTP round trip each). Run: npm run bench:cost-map. Prints medians of 5 runs.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedDataFile } from "../e2e/fixtures/shared-data.cjs";

const maps = ["model_prices_2026-02-17b.json", "model_prices_2026-07-24_8442b93.json"].map(sharedDataFile);
const masterKey = "sk-bench-master-key-0000";

if (spawnSync("node", ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).status !== 0) process.exit(1);
const directory = mkdtempSync(join(tmpdir(), "switchyard-bench-"));
writeFileSync(join(directory, "config.yaml"), "model_list: []\n");
const server = spawn(process.execPath, ["bin/switchyard.mjs", "--config", join(directory, "config.yaml"), "--port", "0", "--host", "127.0.0.1"], {
  env: {
    ...process.env,
    DATABASE_URL: `file:${join(directory, "bench.db")}`,
    SWITCHYARD_MASTER_KEY: masterKey,
    SWITCHYARD_DASHBOARD: "off",
    SWITCHYARD_LOG_LEVEL: "warn",
    SWITCHYARD_COST_MAP_URL: maps[0],
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((done) =>
  server.stdout.on("data", (chunk) => {
    const match = /listening on (http:\/\/[\d.:]+)/.exec(String(chunk));
    if (match) done(match[1]);
  }),
);

async function call(path, body) {
  const started = performance.now();
  const response = await fetch(base + path, { method: "POST", headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return { ms: performance.now() - started, json };
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const previews = [];
const applies = [];
for (let round = 0; round < 5; round++) {
  for (const url of [maps[1], maps[0]]) {
    const preview = await call("/cost_map/preview", { url });
    const apply = await call("/cost_map/apply", { preview_id: preview.json.preview_id });
    previews.push(preview.ms);
    applies.push(apply.ms);
  }
}
console.log("\n| cost-map operation (full real map, over HTTP) | median ms | max ms |");
console.log("| --- | --- | --- |");
console.log(`| preview (fetch file, validate, diff ~2,600 vs ~3,000 models, store) | ${median([...previews]).toFixed(1)} | ${Math.max(...previews).toFixed(1)} |`);
console.log(`| apply (activate in the database, compile, swap) | ${median([...applies]).toFixed(1)} | ${Math.max(...applies).toFixed(1)} |`);
server.kill("SIGTERM");
