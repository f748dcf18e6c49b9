import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";

// The same core behind two doors: the switchyard server (node:http) and Next.js's own route
// handlers under `next start` (what `next dev` and serverless platforms run). Answers must match.
let fake: FakeProviders;
let server: GatewayProcess;
let next: ChildProcess;
let nextUrl: string;

const root = resolve(__dirname, "../..");

/** A port the kernel just handed out on 127.0.0.1 (another process taking it in between is unlikely, unlike port + 1). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

beforeAll(async () => {
  fake = await startFakeProviders();
  const config = `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-doors }
`;
  server = await startGateway({ config });
  const directory = mkdtempSync(join(tmpdir(), "switchyard-next-door-"));
  writeFileSync(join(directory, "config.yaml"), config);
  const port = await freePort();
  next = spawn(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      SWITCHYARD_CONFIG: join(directory, "config.yaml"),
      DATABASE_URL: `file:${join(directory, "next.db")}`,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  next.stdout!.on("data", (chunk) => (output += chunk));
  next.stderr!.on("data", (chunk) => (output += chunk));
  nextUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${nextUrl}/health/liveliness`).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || next.exitCode !== null) throw new Error(`next start did not come up:\n${output}`);
    await new Promise((done) => setTimeout(done, 250));
  }
});

afterAll(async () => {
  next?.kill("SIGTERM");
  await server?.stop();
  await fake?.close();
});

async function both(path: string, init: RequestInit = {}) {
  const ask = async (base: string) => {
    const response = await fetch(base + path, init);
    // The overhead differs between calls; that both doors report it, as milliseconds, does not.
    const overhead = /^\d+\.\d{3}$/.test(response.headers.get("x-switchyard-overhead-duration-ms") ?? "");
    return { status: response.status, type: response.headers.get("content-type"), overhead, body: await response.text() };
  };
  return { server: await ask(server.url), next: await ask(nextUrl) };
}

const authorized = { authorization: `Bearer ${masterKey}`, "content-type": "application/json" };
const chat = (extra: object) => ({ method: "POST", headers: authorized, body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "doors" }], ...extra }) });

describe("both doors answer alike", () => {
  it("chat, streamed and not", async () => {
    for (const extra of [{}, { stream: true }]) {
      const answers = await both("/v1/chat/completions", chat(extra));
      expect(answers.server.status).toBe(200);
      expect(answers.next).toEqual(answers.server);
    }
  });

  it("models, errors and unknown routes", async () => {
    const requests: Array<[string, RequestInit]> = [
      ["/v1/models", { headers: authorized }],
      ["/v1/chat/completions", { method: "POST", headers: authorized, body: "{broken" }],
      ["/v1/chat/completions", chat({ model: "nope" })],
      ["/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
      ["/v1/no/such/route", { headers: authorized }],
    ];
    for (const [path, init] of requests) {
      const answers = await both(path, init);
      expect(answers.next, path).toEqual(answers.server);
      expect(answers.server.overhead, path).toBe(true);
    }
  });

  it("metrics for Prometheus", async () => {
    for (const base of [server.url, nextUrl]) {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      expect(text).toMatch(/^switchyard_requests_total\{route="\/v1\/chat\/completions",status="200"\} [1-9]/m);
      expect(text).toContain("switchyard_overhead_duration_seconds_bucket");
      expect(text).toContain("process_resident_memory_bytes");
    }
  });
});
