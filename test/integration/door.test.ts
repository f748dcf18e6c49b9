import { createServer, request, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

// The production server's door: one reading of each request target, gateway paths never served
// by the dashboard thread (whose gateway has a limiter of its own), bodies bounded on both sides,
// no foreign host in a redirect.
const admin = { email: "admin@door.test", password: "door-admin-password" };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http sends the path exactly as given: fetch would resolve its dot segments first. */
function send(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method, path, headers }, (incoming) => {
      let text = "";
      incoming.setEncoding("utf8");
      incoming.on("data", (chunk: string) => (text += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Raw bytes on a socket, for request lines no client library would write; the answer as text. */
function sendRaw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.write(bytes);
  });
}

function expectOpenAIError(answer: Answer, status: number, code?: string) {
  expect(answer.status, answer.text.slice(0, 200)).toBe(status);
  const body = JSON.parse(answer.text) as { error: { message: string; type: string; code: string } };
  expect(body.error).toMatchObject({ message: expect.any(String), type: expect.any(String), ...(code ? { code } : {}) });
}

const chatBody = JSON.stringify({ model: "pricey", messages: [{ role: "user", content: "hi" }] });

/** Every spelling of /v1/chat/completions that Next.js (or another server) would resolve to it. */
const dotted = [
  "/x/../v1/chat/completions",
  "/./v1/chat/completions",
  "/%2e%2e/v1/chat/completions",
  "/%2E/v1/chat/completions",
  "/%2E%2e/v1/chat/completions",
  "/%252e%252e/v1/chat/completions",
  "/v1/./chat/completions",
  "/api/../v1/chat/completions",
  "/x\\..\\v1/chat/completions",
];
/** Spellings without dot segments that still name a gateway route. */
const encoded = ["/%761/chat/completions", "/%63hat/completions", "//v1/chat/completions", "/v1%2fchat%2fcompletions"];

let fake: FakeProviders;
let gateway: GatewayProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `
model_list:
  - model_name: pricey
    litellm_params: { model: openai/pricey, api_base: "${fake.url}/v1", api_key: sk-upstream-door, input_cost_per_token: 0.01, output_cost_per_token: 0.01 }
`,
    dashboard: true,
    env: { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe("dot segments and encoded paths", () => {
  it("cannot lift a key's rpm_limit: each is refused (400) or answered by the one gateway", async () => {
    const key = await createKey(gateway.url, { rpm_limit: 3 });
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const before = fake.requests.length;
    for (let index = 0; index < 3; index++) expect((await send(gateway.url, "POST", "/v1/chat/completions", headers, chatBody)).status).toBe(200);
    expectOpenAIError(await send(gateway.url, "POST", "/v1/chat/completions", headers, chatBody), 429, "rate_limit_exceeded");
    for (const path of dotted) {
      const answer = await send(gateway.url, "POST", path, headers, chatBody);
      expect(answer.status, path).not.toBe(200);
      expectOpenAIError(answer, 400, "invalid_request");
    }
    for (const path of encoded) {
      const answer = await send(gateway.url, "POST", path, headers, chatBody);
      expect(answer.status, path).not.toBe(200);
      // The gateway's JSON, never the dashboard's page or its copy of the route.
      expect(answer.headers["content-type"], path).toMatch(/application\/json/);
    }
    expect(fake.requests.length - before).toBe(3);
  });

  it("cannot get past a crossed budget", async () => {
    const key = await createKey(gateway.url, { max_budget: 0.05 });
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    expect((await send(gateway.url, "POST", "/v1/chat/completions", headers, chatBody)).status).toBe(200);
    expectOpenAIError(await send(gateway.url, "POST", "/v1/chat/completions", headers, chatBody), 429, "budget_exceeded");
    const before = fake.requests.length;
    for (const path of [...dotted, ...encoded]) expect((await send(gateway.url, "POST", path, headers, chatBody)).status, path).not.toBe(200);
    expect(fake.requests.length).toBe(before);
  });

  it("still serves ordinary dashboard paths, assets and gateway paths with dots in names", async () => {
    expect((await send(gateway.url, "GET", "/sign-in")).status).toBe(200);
    expect((await send(gateway.url, "GET", "/health/liveliness")).status).toBe(200);
    const key = await createKey(gateway.url);
    expectOpenAIError(await send(gateway.url, "GET", "/credentials/by_name/a.b", { authorization: `Bearer ${key}` }), 403);
  });
});

describe("bodies over the limit on the dashboard's side", () => {
  const eleven = Buffer.alloc(11 * 1024 * 1024, 0x61);

  it("get a 413 in the error shape, whatever the path, with no stack trace in the log", async () => {
    const logBefore = gateway.output().length;
    for (const path of ["/api/trpc/teams.create", "/api/auth/callback/credentials", "/sign-in"]) {
      expectOpenAIError(await send(gateway.url, "POST", path, { "content-type": "application/json" }, eleven), 413, "request_too_large");
    }
    // Chunked: no Content-Length to refuse up front, counted as it goes.
    const chunked = await new Promise<Answer>((resolve, reject) => {
      const outgoing = request({ host: "127.0.0.1", port: gateway.port, method: "POST", path: "/api/trpc/teams.create", headers: { "content-type": "application/json" } }, (incoming) => {
        let text = "";
        incoming.on("data", (chunk) => (text += chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }));
      });
      outgoing.on("error", reject);
      for (let sent = 0; sent < eleven.length; sent += 1024 * 1024) outgoing.write(eleven.subarray(sent, sent + 1024 * 1024));
      outgoing.end();
    });
    expectOpenAIError(chunked, 413, "request_too_large");
    const log = gateway.output().slice(logBefore);
    expect(log).not.toMatch(/\n\s+at /);
    expect(log).not.toMatch(/internal_error|Internal error|exceeded 10MB/i);
    expect((await send(gateway.url, "GET", "/health/liveliness")).status).toBe(200);
  });
});

describe("absolute-form request targets", () => {
  it("are refused with a 400 and never redirect to the host they name", async () => {
    for (const target of ["http://evil.example/", "http://evil.example/keys", "https://evil.example/v1/models"]) {
      const answer = await sendRaw(gateway.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nConnection: close\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer, target).not.toMatch(/evil\.example/i);
      expect(answer.toLowerCase(), target).not.toContain("location:");
    }
  });
});

describe("sign-in without NEXTAUTH_URL", () => {
  async function signIn(extraHeaders: Record<string, string>, json: boolean): Promise<Answer> {
    const csrf = await send(gateway.url, "GET", "/api/auth/csrf", extraHeaders);
    const cookies = ([] as string[])
      .concat(csrf.headers["set-cookie"] ?? [])
      .map((line) => line.split(";")[0])
      .join("; ");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, ...admin, ...(json ? { json: "true" } : {}) }).toString();
    return send(gateway.url, "POST", "/api/auth/callback/credentials", { ...extraHeaders, "content-type": "application/x-www-form-urlencoded", cookie: cookies }, form);
  }

  it("redirects to the request's own origin, never http://localhost:3000 nor a forwarded host", async () => {
    const own = `http://127.0.0.1:${gateway.port}`;
    const redirected = await signIn({}, false);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.location).toBe(own);
    const answered = await signIn({}, true);
    expect((JSON.parse(answered.text) as { url: string }).url).toBe(own);

    const spoofed = await signIn({ "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }, false);
    expect(spoofed.headers.location).toBe(own);

    const signInPage = await send(gateway.url, "GET", "/api/auth/signin");
    expect(signInPage.headers.location).not.toContain("localhost:3000");
    expect(decodeURIComponent(String(signInPage.headers.location))).toContain(own);
  });
});

describe("a body with a duplicate top-level key", () => {
  let upstream: Server;
  const received: string[] = [];
  let relay: GatewayProcess;

  beforeAll(async () => {
    // A recording upstream that keeps the raw text: the fake providers parse what they receive.
    upstream = createServer((incoming, outgoing) => {
      let text = "";
      incoming.on("data", (chunk) => (text += chunk));
      incoming.on("end", () => {
        received.push(text);
        outgoing.writeHead(200, { "content-type": "application/json" });
        outgoing.end(
          JSON.stringify({
            id: "chatcmpl-1",
            object: "chat.completion",
            created: 1,
            model: "gpt-4o",
            choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    relay = await startGateway({
      config: `model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o, api_base: "http://127.0.0.1:${port}/v1", api_key: sk-upstream-dup }\n`,
    });
  });

  afterAll(async () => {
    await relay?.stop();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it("goes upstream re-serialised, each key once with the value Switchyard read", async () => {
    const key = await createKey(relay.url);
    const text = '{"model":"gpt-4o","messages":[{"role":"user","content":"checked"}],"store":false,"user":"u","messages":[{"role":"user","content":"smuggled"}],"store":true}';
    const answer = await send(relay.url, "POST", "/v1/chat/completions", { authorization: `Bearer ${key}`, "content-type": "application/json" }, text);
    expect(answer.status).toBe(200);
    const forwarded = received.at(-1)!;
    expect(forwarded).toBe(JSON.stringify(JSON.parse(text)));
    expect(forwarded.match(/"messages"/g)).toHaveLength(1);
    expect(forwarded.match(/"store"/g)).toHaveLength(1);
    expect(JSON.parse(forwarded)).toMatchObject({ store: true, messages: [{ content: "smuggled" }] });

    // Without duplicates the client's text still goes as it came.
    const plain = '{ "model": "gpt-4o", "messages": [{"role":"user","content":"once"}] }';
    expect((await send(relay.url, "POST", "/v1/chat/completions", { authorization: `Bearer ${key}`, "content-type": "application/json" }, plain)).status).toBe(200);
    expect(received.at(-1)).toBe(plain);
  });
});
