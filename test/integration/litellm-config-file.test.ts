import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";

// A config written as LiteLLM's docs write them, against the built server: it starts, serves with
// their `sk-1234` on loopback, and says at start what it does not act on.

const root = resolve(__dirname, "../..");
const upstreamSecret = "sk-upstream-from-environment-variables";

const configFor = (upstream: string) => `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_base: ${upstream}/v1
      api_key: os.environ/DOCS_OPENAI_KEY
      tpm: 20_000
litellm_settings:
  drop_params: True
  set_verbose: True
  callbacks: ["otel"]
  request_timeout: 30
guardrails:
  - guardrail_name: aporia-pre-guard
    litellm_params: { guardrail: aporia, mode: during_call, api_key: os.environ/APORIA_API_KEY_1 }
general_settings:
  master_key: sk-1234
  database_url: os.environ/DATABASE_URL_NOT_SET
environment_variables:
  DOCS_OPENAI_KEY: ${upstreamSecret}
`;

let fake: FakeProviders;
let gateway: GatewayProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({ config: configFor(fake.url), env: { SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS: "1" } });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe("a LiteLLM docs config on the built server", () => {
  it("serves the official SDK with the docs' master key, its upstream key taken from environment_variables", async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "sk-1234", maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hello" }] });
    expect(completion.choices[0].message.role).toBe("assistant");
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamSecret}`);
  });

  it("says at start, by YAML path, what it does not act on, and warns loudly about the weak master key", () => {
    const output = gateway.output();
    for (const path of ["litellm_settings.set_verbose", "litellm_settings.callbacks[0]", "guardrails[0].litellm_params.guardrail", "general_settings.database_url"])
      expect(output).toContain(path);
    expect(output).toContain("!!! general_settings.master_key: the master key is a documentation example");
    // What it honours is not warned about.
    expect(output).not.toContain("litellm_settings.request_timeout");
    expect(output).not.toContain("litellm_settings.drop_params");
  });

  it("refuses to start with that master key on an address other machines can reach, saying what to do", async () => {
    // Refused while loading the config, before anything listens.
    const { code, output } = await startRefused(["--host", "0.0.0.0"], { SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS: "1" });
    expect(code).not.toBe(0);
    expect(output).not.toContain("listening on");
    expect(output).toContain("general_settings.master_key: the master key is a documentation example, and the server listens on 0.0.0.0");
    expect(output).toContain("--host 127.0.0.1");
  });

  it("refuses to start with a guardrail it cannot enforce unless told to go without it", async () => {
    const { code, output } = await startRefused(["--host", "127.0.0.1"], {});
    expect(code).not.toBe(0);
    expect(output).not.toContain("listening on");
    expect(output).toContain('guardrails[0].litellm_params.guardrail: "aporia" is not available in Switchyard');
    expect(output).toContain("SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS=1");
    expect(gateway.output()).toContain('aporia-pre-guard\\" is left out and requests go unfiltered by it');
  });
});

async function startRefused(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-refused-"));
  const configPath = join(directory, "config.yaml");
  writeFileSync(configPath, configFor(fake.url));
  const child = spawn(process.execPath, [join(root, "bin/switchyard.mjs"), "--config", configPath, "--port", "0", ...args], {
    cwd: directory,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", DATABASE_URL: `file:${join(directory, "db.sqlite")}`, SWITCHYARD_DASHBOARD: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  rmSync(directory, { recursive: true, force: true });
  return { code, output };
}
