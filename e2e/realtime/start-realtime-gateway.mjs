// The production server (`bin/switchyard.mjs`) with one realtime deployment on the fake Realtime
// provider, on a free port of 127.0.0.1 and a fresh SQLite file, plus a virtual key for it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const masterKey = "sk-e2e-master-key-0123456789";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export const dashboardAdmin = { email: "admin@switchyard.test", password: "e2e-admin-password" };

/** `dashboard: true` also serves the dashboard (Next.js), with `dashboardAdmin` as its first admin. */
export async function startRealtimeGateway({ fakeUrl, upstreamKey = "sk-rt-a", timeoutMs = 30_000, dashboard = false }) {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-realtime-e2e-"));
  const configPath = join(directory, "config.yaml");
  writeFileSync(
    configPath,
    `model_list:
  - model_name: gpt-realtime
    litellm_params: { model: openai/gpt-realtime, api_base: "${fakeUrl}/v1", api_key: ${upstreamKey} }
    model_info: { mode: realtime }
`,
  );
  const child = spawn(process.execPath, [join(root, "bin/switchyard.mjs"), "--config", configPath, "--port", "0", "--host", "127.0.0.1"], {
    cwd: directory,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `file:${join(directory, "switchyard.db")}`,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_DASHBOARD: dashboard ? "on" : "off",
      SWITCHYARD_ADMIN_EMAIL: dashboardAdmin.email,
      SWITCHYARD_ADMIN_PASSWORD: dashboardAdmin.password,
      SWITCHYARD_CORS_ORIGINS: "*",
      SWITCHYARD_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));

  const stop = () =>
    new Promise((done) => {
      const cleanup = () => {
        rmSync(directory, { recursive: true, force: true });
        done();
      };
      if (child.exitCode !== null || child.signalCode !== null) return cleanup();
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(killer);
        cleanup();
      });
      child.kill("SIGTERM");
    });

  const port = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`gateway did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      done(Number(match[1]));
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`gateway exited with ${code} before listening:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;

  const generated = await fetch(`${url}/key/generate`, {
    method: "POST",
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: JSON.stringify({ models: ["gpt-realtime"] }),
  });
  const body = await generated.text();
  if (generated.status !== 200) {
    await stop();
    throw new Error(`POST /key/generate answered ${generated.status}: ${body}`);
  }
  return { url, port, virtualKey: JSON.parse(body).key, output: () => output, stop };
}
