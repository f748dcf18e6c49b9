import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { signIn } from "./helpers/dashboard-session";
import { deepText, encode, encodingArb, fuzzRuns, fuzzSeed, hugeArrayText, hugeStringText, jsonText, malformedJsonText, oddString, percentEncode } from "./helpers/fuzz-arbitraries";
import { dashboardProcedures, objectFor, type Procedure } from "./helpers/fuzz-bodies";
import { expectGatewayAnswer, expectNothingLeaked, FuzzClient, type Answer } from "./helpers/fuzz-http";
import { commonModelsCostMapFile } from "./helpers/cost-map-server";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";

// Property-based fuzzing of the dashboard's tRPC procedures (batched and single, GET and POST,
// signed in and not): every answer is tRPC's own shape with a status under 500, never a stack
// trace or a secret, and the server keeps serving.
const admin = { email: "fuzz-admin@switchyard.test", password: "fuzz-admin-password-1" };
const upstreamKey = "sk-upstream-secret-dashboard-fuzz";
const saltKey = "fuzz-salt-key-never-in-an-answer-0002";
const secrets = [masterKey, upstreamKey, saltKey, admin.password];

let fake: FakeProviders;
let gateway: GatewayProcess;
let client: FuzzClient;
let session = "";
let teamId = "";

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: ${upstreamKey} }
`,
    // Previews of the configured source read a small local map, not LiteLLM's published one.
    env: { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password, SWITCHYARD_COST_MAP_URL: commonModelsCostMapFile() },
    dashboard: true,
  });
  client = new FuzzClient(gateway.url);
  session = await signIn(gateway.url, admin.email, admin.password);
  const created = await client.send({
    method: "POST",
    path: "/api/trpc/teams.create",
    headers: ["cookie", session, "content-type", "application/json", "origin", gateway.url],
    body: JSON.stringify({ alias: "fuzz team" }),
  });
  teamId = JSON.parse(created.text).result.data.teamId;
  console.log(`fuzz-dashboard: seed ${fuzzSeed} (set FUZZ_SEED to change it)`);
});

afterAll(async () => {
  await client?.close();
  await gateway?.stop();
  await fake?.close();
});

const protocolRefusals = new Set(["malformed_request", "headers_too_large", "request_timeout", "expectation_failed"]);

/** tRPC's answer: JSON, a result or an error per call (an array when batched), none of them a server error. */
function expectTrpcAnswer(answer: Answer, method: string) {
  const summary = `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  // Next.js's own trailing-slash redirect (`/api/trpc/` -> `/api/trpc`): no tRPC involved.
  if (answer.status === 308 && answer.headers.location !== undefined) return expectNothingLeaked(answer, secrets);
  expect(answer.status, summary).toBeGreaterThanOrEqual(200);
  expect(answer.status, summary).toBeLessThan(500);
  expectNothingLeaked(answer, secrets);
  if (method === "HEAD") return;
  // Next.js answers OPTIONS itself (204, no body); every other verb reaches tRPC, which answers in its shape.
  if (method === "OPTIONS" && answer.text === "" && answer.status === 204) return;
  let json: any;
  expect(() => (json = JSON.parse(answer.text)), `not JSON: ${summary}`).not.toThrow();
  // Refused by the server before Next.js and tRPC (a URL over Node's header limit, an undecodable path): the server's own error shape.
  if (protocolRefusals.has(json?.error?.code)) return expectGatewayAnswer(answer, secrets);
  for (const item of Array.isArray(json) ? json : [json]) {
    if (item !== null && typeof item === "object" && "result" in item && !("error" in item)) continue;
    expect(Object.keys(item ?? {}), summary).toEqual(["error"]);
    const { error } = item;
    expect(typeof error.message).toBe("string");
    expect(typeof error.code).toBe("number");
    expect(typeof error.data.code).toBe("string");
    expect(error.data.code, summary).not.toBe("INTERNAL_SERVER_ERROR");
    expect(error.data.httpStatus, summary).toBeLessThan(500);
    expect(error.data.stack).toBeUndefined();
  }
}

const procedures = dashboardProcedures(() => teamId);

const oddNames = fc.oneof(
  fc.constantFrom("", "keys", "keys.list.x", "__proto__", "constructor", "toString", "keys.__proto__", "teams.mine.", ".teams.mine", "KEYS.LIST", "keys.create,keys.create"),
  oddString.map(percentEncode),
);

const inputArb = (procedure: Procedure) =>
  fc.oneof(
    { weight: 8, arbitrary: objectFor(procedure.fields) },
    { weight: 2, arbitrary: jsonText },
    { weight: 2, arbitrary: malformedJsonText },
    { weight: 1, arbitrary: fc.oneof(hugeStringText, hugeArrayText, deepText).map((big) => `{"teamId":"x","alias":${big}}`) },
  );

const call = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .constantFrom(...procedures)
      .chain((procedure) => fc.record({ name: fc.constant(procedure.name), kind: fc.constant(procedure.kind), input: fc.option(inputArb(procedure), { freq: 8 }) })),
  },
  { weight: 1, arbitrary: fc.record({ name: oddNames, kind: fc.constantFrom<"query" | "mutation">("query", "mutation"), input: fc.option(jsonText) }) },
);

const cookieArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant(() => session) },
  { weight: 2, arbitrary: fc.constant(() => "") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      () => "next-auth.session-token=garbage",
      () => `next-auth.session-token=${"a".repeat(8_000)}`,
      () => `${session}; ${session}`,
      () => `${session}; next-auth.session-token=garbage`,
      () => "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z",
      () => session.slice(0, -3),
      () => `${session}x`,
      () => "; ;=;==",
      () => "next-auth.session-token=",
      () => Array.from({ length: 200 }, (_, index) => `c${index}=v`).join("; "),
    ),
  },
  { weight: 1, arbitrary: oddString.map((value) => () => `next-auth.session-token=${percentEncode(value)}`) },
);

describe("regressions the fuzz found", () => {
  // Next.js answered a broken percent-escape in a route parameter with a bare "Internal Server Error" 500.
  it("a path that is not valid percent-encoding is a 400 before it reaches Next.js", async () => {
    for (const path of ["/api/trpc/spend.teams%", "/api/trpc/teams.mine%E0%A4%A", "/api/auth/csrf%"]) {
      const answer = await client.send({ method: "GET", path, headers: ["cookie", session] });
      expectGatewayAnswer(answer, secrets);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe("malformed_request");
    }
  });
});

describe("fuzzing the dashboard's tRPC procedures", { timeout: 180_000 }, () => {
  it("single and batched calls, GET and POST, with and without a session", async () => {
    const arb = fc.record({
      calls: fc.array(call, { minLength: 1, maxLength: 4 }),
      batch: fc.boolean(),
      mixedBatch: fc.boolean(),
      method: fc.oneof({ weight: 12, arbitrary: fc.constant("natural") }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD") }),
      cookie: cookieArb,
      origin: fc.oneof({ weight: 6, arbitrary: fc.constant("self") }, { weight: 1, arbitrary: fc.constantFrom(null, "https://evil.example", "null", "http://127.0.0.1") }),
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constant<string | undefined>("application/json") },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            undefined,
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "application/json; charset=utf-16",
          ),
        },
      ),
      encoding: encodingArb,
      brokenQuery: fc.option(fc.constantFrom("%", "%E0%A4%A", "%ED%A0%80", "&input=2", "&batch=1&batch=0"), { freq: 10 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ calls, batch, mixedBatch, method, cookie, origin, contentType, encoding, brokenQuery }) => {
        // A batch is all queries (GET) or all mutations (POST), unless it mixes them on purpose.
        const used = !batch ? calls.slice(0, 1) : mixedBatch ? calls : calls.filter((entry) => entry.kind === calls[0].kind);
        const natural = used.every((entry) => entry.kind === "query") ? "GET" : "POST";
        const verb = method === "natural" ? natural : method;
        const names = used.map((entry) => entry.name).join(",");
        const input = batch
          ? `{${used
              .map((entry, index) => (entry.input === null ? "" : `"${index}":${entry.input}`))
              .filter(Boolean)
              .join(",")}}`
          : used[0].input;
        const query = [batch ? "batch=1" : "", verb === "GET" && input !== null ? `input=${percentEncode(input)}` : ""].filter(Boolean).join("&");
        const headers = [...(cookie() ? ["cookie", cookie()] : []), ...(origin === null ? [] : ["origin", origin === "self" ? gateway.url : origin])];
        const withBody = verb !== "GET" && verb !== "HEAD" && verb !== "OPTIONS";
        if (withBody && contentType !== undefined) headers.push("content-type", contentType);
        const answer = await client.send({
          method: verb,
          path: `/api/trpc/${names}${query ? `?${query}` : ""}${brokenQuery ?? ""}`,
          headers,
          body: withBody && input !== null ? encode(input, encoding) : undefined,
        });
        expectTrpcAnswer(answer, verb);
      }),
      fuzzRuns(3_000),
    );
    await expectStillServing();
  });

  it("kept serving and tried enough cases", async () => {
    await expectStillServing();
    expect(gateway.output()).not.toMatch(/unexpected error|request failed outside|uncaught/i);
    // Garbage session cookies are logged as one line each, not as stack traces anyone can trigger.
    expect(gateway.output()).toContain("JWT_SESSION_ERROR");
    expect(gateway.output()).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    if (process.env.FUZZ_STATS) console.log(gateway.output());
    console.log(`fuzz-dashboard: ${client.sent} requests (${client.statusSummary()}), seed ${fuzzSeed}`);
    expect(client.sent).toBeGreaterThanOrEqual(3_000);
  });
});

/** Health, a valid chat request and a signed-in query all still answer. */
async function expectStillServing() {
  await client.expectStillServing(masterKey);
  const mine = await client.send({ method: "GET", path: "/api/trpc/teams.mine", headers: ["cookie", session] });
  expect(mine.status).toBe(200);
  expect(JSON.parse(mine.text).result.data.user.email).toBe(admin.email);
}
