import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseConfig } from "../../config/load-config";
import { findMigrationsFolder } from "../../db/migrate";
import { silentLogger } from "../../log";
import type { OutboundAllowList } from "../../security/outbound-address";
import { fromWebRequest, toWebResponse } from "../adapters/web";
import { createGateway, type Gateway } from "../create-gateway";
import type { UpstreamRequest } from "../providers/types";
import type { UpstreamClient, UpstreamResponse } from "../providers/upstream-client";
import { builtinFile } from "./builtin-cost-map";

// A real gateway (SQLite in a temp dir, migrations, router, spend writer) behind a fake upstream,
// driven with Web Requests and no server. For unit tests only.

export const masterKey = "sk-master-key-for-tests";
export const openAIUpstreamKey = "sk-upstream-openai-secret";

const config = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o-2024-08-06
      api_key: os.environ/OPENAI_API_KEY
  - model_name: claude-sonnet
    litellm_params:
      model: anthropic/claude-sonnet-4-5
      api_key: sk-ant-upstream-secret
general_settings:
  master_key: ${masterKey}
`;

export function jsonUpstreamResponse(status: number, body: unknown): UpstreamResponse {
  return { status, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(JSON.stringify(body))]) };
}

export const chatCompletion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
};

export interface Harness {
  gateway: Gateway;
  /** Every request the fake upstream received. */
  sent: UpstreamRequest[];
  /** Whether each of those was to be address-checked (its host typed by an admin). */
  checked: boolean[];
  /** Replace to change how the fake upstream answers. */
  answer: (request: UpstreamRequest) => Promise<UpstreamResponse>;
  call(method: string, path: string, options?: { key?: string; body?: string | object; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `databaseUrl`: PostgreSQL (or another SQLite file) instead of a fresh SQLite file; `redisUrl`:
 * share limits and changes; `config`: another config.yaml; `saltKeys`: SWITCHYARD_SALT_KEY and its previous values;
 * `credentialAllowedHosts`: SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS; `env`: what `os.environ/` and callbacks read.
 */
export async function startHarness(
  maxBodyBytes = 4_096,
  options: {
    databaseUrl?: string;
    redisUrl?: string;
    config?: string;
    saltKeys?: string[];
    credentialAllowedHosts?: OutboundAllowList;
    /** A real client (to a fake provider over HTTP) instead of `answer`; requests are still recorded in `sent`. */
    upstream?: UpstreamClient;
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-unit-"));
  const real = options.upstream;
  const upstream: UpstreamClient = {
    send: async (request, callOptions) => {
      harness.sent.push(request);
      harness.checked.push(callOptions.checkAddresses === true);
      return real ? real.send(request, callOptions) : harness.answer(request);
    },
    close: async () => real?.close(),
  };
  const gateway = await createGateway({
    config: parseConfig(options.config ?? config, "unit-test.yaml", { lookupEnv: (name) => (name === "OPENAI_API_KEY" ? openAIUpstreamKey : options.env?.[name]) }),
    databaseUrl: options.databaseUrl ?? `file:${join(directory, "gateway.db")}`,
    redisUrl: options.redisUrl,
    saltKeys: options.saltKeys,
    credentialAllowedHosts: options.credentialAllowedHosts,
    migrationsFolder: findMigrationsFolder(process.cwd()),
    builtinCostMapFile: builtinFile,
    log: silentLogger(),
    maxBodyBytes,
    upstream,
  });
  const harness: Harness = {
    gateway,
    sent: [],
    checked: [],
    answer: async () => jsonUpstreamResponse(200, chatCompletion),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
        headers["content-type"] ??= "application/json";
      }
      const request = new Request(`http://gateway.test${path}`, { method, headers, body });
      return toWebResponse(await gateway.handle(fromWebRequest(request)));
    },
    async close() {
      await gateway.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return harness;
}
