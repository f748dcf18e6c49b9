import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { routes } from "../../src/server/gateway/routes";
import { routeSamples } from "../../src/server/gateway/testing/route-samples";
import { browserOrigin, configWithBrowserOrigin } from "./helpers/browser-config";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { startNext, type NextProcess } from "./helpers/next-process";

// The same core behind two doors: the switchyard server (node:http) and Next.js alone under
// `next start` (what `next dev` and serverless platforms run), where one route file serves
// every gateway path. Answers must match, for every route of the table.
let fake: FakeProviders;
let server: GatewayProcess;
let next: NextProcess;
let costMapDirectory: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  // Reloads read this file, never the network.
  costMapDirectory = mkdtempSync(join(tmpdir(), "switchyard-doors-cost-map-"));
  const costMapFile = join(costMapDirectory, "cost-map.json");
  writeFileSync(costMapFile, JSON.stringify({ "gpt-4o": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 } }));
  const config = configWithBrowserOrigin(fake.url, "sk-upstream-doors");
  const env = { SWITCHYARD_COST_MAP_URL: costMapFile, SWITCHYARD_SALT_KEY: "doors-salt-key-0123456789" };
  server = await startGateway({ config, env });
  next = await startNext({ mode: "start", config, env });
});

afterAll(async () => {
  await next?.stop();
  await server?.stop();
  await fake?.close();
  if (costMapDirectory) rmSync(costMapDirectory, { recursive: true, force: true });
});

/** Headers an answer is judged by besides its body: type, allowed methods, CORS. */
const comparedHeaders = ["content-type", "allow", "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers", "access-control-expose-headers"];

/** What differs between two gateways by nature, not by door: generated ids, keys, times and process figures. */
function normalised(body: string, type: string | null): string {
  if (type?.startsWith("text/plain")) {
    // Prometheus text: the series each door exports, not their values (its own durations, memory).
    return body
      .split("\n")
      .filter((line) => line.startsWith("# TYPE"))
      .join("\n");
  }
  return (
    body
      .replace(/sk-[A-Za-z0-9_-]{20,}/g, "<key>")
      .replace(/sk-\.\.\.[A-Za-z0-9_-]{4}/g, "<key name>")
      .replace(/\b[0-9a-f]{64}\b/g, "<hash>")
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>")
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
      // Rows and records the writers have not flushed yet depend on when each door was asked.
      .replace(/"(latency_ms|duration_ms|created_at|updated_at|expires_at|created|pending_spend_rows|held_affinity_records)":\d+(\.\d+)?/g, '"$1":<number>')
  );
}

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function ask(base: string, call: Call) {
  const response = await fetch(base + call.path, { method: call.method, headers: call.headers, body: call.body });
  const headers = Object.fromEntries(comparedHeaders.map((name) => [name, response.headers.get(name)]));
  // The overhead differs between calls; that both doors report it, as milliseconds, does not.
  const overhead = /^\d+\.\d{3}$/.test(response.headers.get("x-switchyard-overhead-duration-ms") ?? "");
  return { status: response.status, headers, overhead, body: await response.text() };
}

/** One call through each door, the Node server first: each door's state moves in step. */
async function both(call: Call) {
  return { server: await ask(server.url, call), next: await ask(next.url, call) };
}

async function expectAlike(call: Call) {
  const answers = await both(call);
  const label = `${call.method} ${call.path} ${JSON.stringify(call.headers ?? {})}`;
  const judged = (answer: Awaited<ReturnType<typeof ask>>) => ({ ...answer, body: normalised(answer.body, answer.headers["content-type"]) });
  expect(judged(answers.next), label).toEqual(judged(answers.server));
  expect(answers.server.overhead, label).toBe(true);
  return answers.server;
}

const authorized = { authorization: `Bearer ${masterKey}`, "content-type": "application/json" };
const chat = (extra: object): Call => ({
  method: "POST",
  path: "/v1/chat/completions",
  headers: authorized,
  body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "doors" }], ...extra }),
});

describe("both doors answer alike", () => {
  it("chat, streamed and not", async () => {
    for (const extra of [{}, { stream: true }]) {
      const answers = await both(chat(extra));
      expect(answers.server.status).toBe(200);
      expect(answers.next).toEqual(answers.server);
    }
  });

  it("Anthropic's Messages API, streamed and not, with both of its key headers, and its errors", async () => {
    const messages = (headers: Record<string, string>, extra: object = {}, path = "/v1/messages"): Call => ({
      method: "POST",
      path,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ model: "claude", max_tokens: 64, messages: [{ role: "user", content: "doors" }], ...extra }),
    });
    for (const call of [
      messages({ "x-api-key": masterKey }),
      messages({ authorization: `Bearer ${masterKey}` }, { stream: true }),
      messages({ "x-api-key": masterKey }, {}, "/anthropic/v1/messages"),
      // Translated to chat for an OpenAI-format deployment, whole and streamed.
      messages({ "x-api-key": masterKey }, { model: "gpt-4o" }),
      messages({ "x-api-key": masterKey }, { model: "gpt-4o", stream: true }),
      // Counted by the Anthropic deployment, and estimated for the OpenAI-format one.
      messages({ "x-api-key": masterKey }, { max_tokens: undefined }, "/v1/messages/count_tokens"),
      messages({ authorization: `Bearer ${masterKey}` }, { model: "gpt-4o", max_tokens: undefined }, "/messages/count_tokens"),
    ]) {
      const answers = await both(call);
      expect(answers.server.status).toBe(200);
      expect(answers.next).toEqual(answers.server);
    }
    for (const call of [
      messages({}),
      messages({ "x-api-key": masterKey }, { max_tokens: "many" }),
      messages({ "x-api-key": masterKey }, { model: "nope" }),
      messages({ "x-api-key": masterKey }, { model: "gpt-4o", thinking: { type: "enabled", budget_tokens: 1024 } }),
      messages({}, {}, "/anthropic/v1/messages/count_tokens"),
      messages({ "x-api-key": masterKey }, { model: "nope" }, "/v1/messages/count_tokens"),
    ]) {
      const answer = await expectAlike(call);
      expect(JSON.parse(answer.body)).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
    }
  });

  it("models, errors and unknown routes", async () => {
    const calls: Call[] = [
      { method: "GET", path: "/v1/models", headers: authorized },
      { method: "POST", path: "/v1/chat/completions", headers: authorized, body: "{broken" },
      chat({ model: "nope" }),
      { method: "POST", path: "/v1/chat/completions", headers: { "content-type": "application/json" }, body: "{}" },
    ];
    for (const call of calls) {
      const answers = await both(call);
      expect(answers.next, call.path).toEqual(answers.server);
      expect(answers.server.overhead, call.path).toBe(true);
    }
  });

  it("every route of the table: its method with no key and with the master key, and OPTIONS with and without an allowed origin", async () => {
    const samples = routeSamples();
    expect(samples).toHaveLength(routes.length);
    // The Anthropic paths are walked too, count_tokens in all three places.
    expect(samples.map(({ path }) => path)).toEqual(expect.arrayContaining(["/v1/messages", "/v1/messages/count_tokens", "/messages/count_tokens", "/anthropic/v1/messages/count_tokens"]));
    const statuses = new Set<number>();
    for (const { route, path } of samples) {
      const body = route.method === "POST" || route.method === "PATCH" ? "{}" : undefined;
      const json: Record<string, string> = body ? { "content-type": "application/json" } : {};
      const calls: Call[] = [
        { method: route.method, path, headers: json, body },
        { method: route.method, path, headers: { ...json, authorization: `Bearer ${masterKey}` }, body },
        { method: "OPTIONS", path, headers: { origin: browserOrigin, "access-control-request-method": route.method, "access-control-request-headers": "authorization, content-type" } },
        { method: "OPTIONS", path },
      ];
      for (const call of calls) statuses.add((await expectAlike(call)).status);
    }
    // The walk reached the handlers and the CORS answers, not only the doors' refusals.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 204, 400, 401, 403, 405]));
  });

  it("a browser's preflight for the OpenAI paths is answered by the gateway, with CORS headers", async () => {
    for (const path of ["/chat/completions", "/v1/chat/completions", "/responses", "/models", "/realtime/calls"]) {
      const answer = await expectAlike({ method: "OPTIONS", path, headers: { origin: browserOrigin, "access-control-request-method": "POST" } });
      expect(answer.status, path).toBe(204);
      expect(answer.headers["access-control-allow-origin"], path).toBe(browserOrigin);
    }
  });

  it("unknown paths and methods beside the routes", async () => {
    const calls: Call[] = [
      { method: "GET", path: "/v1/no/such/route", headers: authorized },
      { method: "POST", path: "/key/no-such-action", headers: authorized, body: "{}" },
      { method: "GET", path: "/responses/resp_sample/no-such-thing", headers: authorized },
      { method: "GET", path: "/models/gpt-4o/extra" },
      { method: "PUT", path: "/v1/chat/completions", headers: authorized, body: "{}" },
      { method: "DELETE", path: "/key/generate", headers: authorized },
    ];
    for (const call of calls) expect((await expectAlike(call)).status, call.path).toBeGreaterThanOrEqual(400);
    // A preflight is answered before routing, for any path under the OpenAI prefixes.
    const preflight = await expectAlike({ method: "OPTIONS", path: "/v1/no/such/route", headers: { origin: browserOrigin, "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(204);
    // HEAD answers carry no body; the status is the gateway's in both.
    const head = await both({ method: "HEAD", path: "/v1/models", headers: authorized });
    expect(head.next.status).toBe(head.server.status);
  });

  it("leaves the dashboard's pages and API to Next, and serves nothing at the route file's own path", async () => {
    for (const path of ["/", "/keys", "/spend", "/realtime", "/sign-in", "/api/auth/providers"]) {
      // A forged mark must not send a page to the gateway either.
      const response = await fetch(next.url + path, { redirect: "manual", headers: { "x-switchyard-gateway": "1" } });
      expect(response.headers.get("x-switchyard-overhead-duration-ms"), path).toBeNull();
      expect(response.status, path).toBeLessThan(400);
    }
    const direct = await fetch(`${next.url}/gateway/v1/models`, { headers: authorized });
    expect(direct.status).toBe(404);
    expect(await direct.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("metrics for Prometheus", async () => {
    for (const base of [server.url, next.url]) {
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
