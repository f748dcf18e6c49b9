// `npm run demo`: the gateway on the embedded SQLite default, with a local fake OpenAI/Anthropic
// server as its upstream so it works offline. Prints a ready virtual key and how to use it.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeProviders } from "../e2e/fixtures/fake-providers.mjs";
import { startFakeRealtime } from "../e2e/fixtures/fake-realtime.mjs";

const port = Number(process.env.PORT ?? 4000);
const masterKey = process.env.SWITCHYARD_MASTER_KEY ?? "sk-switchyard-demo-master-key";
const admin = { email: process.env.SWITCHYARD_ADMIN_EMAIL ?? "admin@switchyard.local", password: process.env.SWITCHYARD_ADMIN_PASSWORD ?? "switchyard-demo" };

const build = spawnSync("node", ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const fake = await startFakeProviders();
// The Realtime API too (client secrets, WebRTC calls), so the dashboard's Realtime tester works offline.
const realtime = await startFakeRealtime({ keys: ["sk-demo-realtime"] });
mkdirSync("data/demo", { recursive: true });
const configPath = join("data/demo", "config.yaml");
writeFileSync(
  configPath,
  `# Written by npm run demo: every model points at the local fake provider on ${fake.url}.
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-demo-upstream-a }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-demo-upstream-b }
  - model_name: claude-sonnet-4-5
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-demo }
  - model_name: text-embedding-3-small
    litellm_params: { model: openai/text-embedding-3-small, api_base: "${fake.url}/v1", api_key: sk-demo-upstream-a }
    model_info: { mode: embedding }
  - model_name: gpt-realtime
    litellm_params: { model: openai/gpt-realtime, api_base: "${realtime.url}/v1", api_key: sk-demo-realtime }
    model_info: { mode: realtime }
router_settings:
  routing_strategy: simple-shuffle
  num_retries: 2
`,
);

const gateway = spawn(process.execPath, ["bin/switchyard.mjs", "--config", configPath, "--port", String(port)], {
  env: { ...process.env, SWITCHYARD_MASTER_KEY: masterKey, SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
  stdio: ["ignore", "pipe", "inherit"],
});
const shutdown = () => gateway.kill("SIGTERM");
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
gateway.on("exit", async (code) => {
  await fake.close();
  await realtime.close();
  process.exit(code ?? 0);
});

let announced = false;
gateway.stdout.on("data", async (chunk) => {
  process.stdout.write(chunk);
  if (announced || !/listening on/.test(String(chunk))) return;
  announced = true;
  const base = `http://127.0.0.1:${port}`;
  const manage = (path, body) =>
    fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  // One team for the demo, made once and reused on later runs. The admin signs in as an instance
  // admin, and so is this team's owner (the team switcher shows "Demo team (owner)").
  const teamId = "demo-team";
  await manage("/team/new", { team_id: teamId, team_alias: "Demo team" });
  const { key } = await manage("/key/generate", { key_alias: `demo-${Date.now()}`, team_id: teamId, max_budget: 5, rpm_limit: 600 });
  console.log(`
Switchyard demo is running (Ctrl+C to stop).

  Dashboard:        ${base}/   (sign in: ${admin.email} / ${admin.password})
  OpenAI base URL:  ${base}/v1
  Virtual key:      ${key}
  Admin (master):   ${masterKey}   (management API: /key/generate, /spend/logs, ...)
  Database:         ./data/switchyard.db (SQLite)
  Upstream:         fake provider on ${fake.url}, fake Realtime API on ${realtime.url}

Try it:
  curl ${base}/v1/chat/completions \\
    -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\
    -d '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}'

  curl "${base}/spend/logs?api_key=${key}" -H "Authorization: Bearer ${masterKey}"
`);
});
