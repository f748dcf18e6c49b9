import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { startFakeRealtime, type FakeRealtime } from "../../e2e/fixtures/fake-realtime.mjs";
import { routes } from "../../src/server/gateway/routes";
import {
  contentTypeArb,
  deepText,
  encode,
  encodingArb,
  fuzzRuns,
  fuzzSeed,
  hugeArrayText,
  hugeStringText,
  jsonText,
  malformedJsonText,
  oddString,
  pathSegmentArb,
  percentEncode,
  queryArb,
} from "./helpers/fuzz-arbitraries";
import { fuzzCredentialSecret, objectFor, routeFieldSpecs } from "./helpers/fuzz-bodies";
import { expectGatewayAnswer, FuzzClient, rawExchange, type Answer, type FuzzRequest } from "./helpers/fuzz-http";
import { framed, wireRequestArb, wireRequestBytes } from "./helpers/fuzz-wire";
import { commonModelsCostMapFile } from "./helpers/cost-map-server";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// Property-based fuzzing of every route in the gateway's route table: whatever arrives, the answer
// is a 2xx or an OpenAI-shaped 4xx, never a 5xx, a stack trace or a secret, and the process lives on.
const upstreamKeys = ["sk-upstream-secret-fuzz", "sk-ant-upstream-secret-fuzz", "sk-azure-upstream-secret-fuzz", "sk-rt-upstream-secret-fuzz"];
const saltKey = "fuzz-salt-key-never-in-an-answer-0001";
const maxBodyBytes = 1024 * 1024;

let fake: FakeProviders;
let realtime: FakeRealtime;
let gateway: GatewayProcess;
let client: FuzzClient;
let rawSent = 0;
const issued = { userKey: "", adminKey: "", token: "", userToken: "" };
/** Keys that bodies name (to update, block, regenerate, delete): never the ones requests authenticate with. */
const victimKeys: string[] = [];

/** The secrets no answer may contain, the provider's ephemeral realtime keys included. */
const secrets = () => [masterKey, saltKey, fuzzCredentialSecret, ...upstreamKeys, ...realtime.secrets.keys()];

/** Every route of the table, regex paths with their parameter as a placeholder. */
const endpoints = routes.map((route) => ({
  method: route.method,
  template: typeof route.path === "string" ? route.path : route.path.source.replace(/^\^/, "").replace(/\$$/, "").replace(/\\\//g, "/"),
}));
const postEndpoints = endpoints.filter((endpoint) => endpoint.method !== "GET" && !endpoint.template.endsWith("/realtime/calls"));
const getEndpoints = endpoints.filter((endpoint) => endpoint.method === "GET");

beforeAll(async () => {
  fake = await startFakeProviders();
  realtime = await startFakeRealtime({ keys: ["sk-rt-upstream-secret-fuzz"], icePortRange: [53000, 53999] });
  const entry = (group: string, params: string, extra = "") => `  - model_name: "${group}"\n    litellm_params: { ${params} }\n${extra}`;
  gateway = await startGateway({
    config: `model_list:
${entry("gpt-4o", `model: openai/gpt-4o, api_base: "${fake.url}/v1", api_key: sk-upstream-secret-fuzz`)}
${entry("text-embedding-3-small", `model: openai/text-embedding-3-small, api_base: "${fake.url}/v1", api_key: sk-upstream-secret-fuzz`)}
${entry("claude", `model: anthropic/claude-sonnet-4-5, api_base: "${fake.url}", api_key: sk-ant-upstream-secret-fuzz`)}
${entry("azure-gpt", `model: azure/my-gpt, api_base: "${fake.url}", api_key: sk-azure-upstream-secret-fuzz, api_version: "2024-10-21"`)}
${entry("openai/*", `model: "openai/*", api_base: "${fake.url}/v1", api_key: sk-upstream-secret-fuzz`)}
${entry("gpt-realtime", `model: openai/gpt-realtime, api_base: "${realtime.url}/v1", api_key: sk-rt-upstream-secret-fuzz`, "    model_info: { mode: realtime }\n")}
general_settings: { allowed_origins: ["http://app.example"] }
`,
    // Reloads and previews of the configured source read a small local map, not LiteLLM's published one.
    env: { SWITCHYARD_SALT_KEY: saltKey, SWITCHYARD_MAX_BODY_BYTES: String(maxBodyBytes), SWITCHYARD_COST_MAP_URL: commonModelsCostMapFile() },
  });
  client = new FuzzClient(gateway.url);
  issued.userKey = await createKey(gateway.url, { key_alias: "fuzz-user" });
  issued.adminKey = await createKey(gateway.url, { user_role: "proxy_admin" });
  for (const alias of ["victim-1", "victim-2"]) victimKeys.push(await createKey(gateway.url, { key_alias: alias }));
  issued.token = (await manage(gateway.url, "POST", "/v1/realtime/client_secrets", { model: "gpt-realtime" })).json.value;
  issued.userToken = (await manage(gateway.url, "POST", "/v1/realtime/client_secrets", { model: "gpt-realtime" }, issued.userKey)).json.value;
  console.log(`fuzz-gateway: seed ${fuzzSeed} (set FUZZ_SEED to change it)`);
});

afterAll(async () => {
  await client?.close();
  await gateway?.stop();
  await fake?.close();
  await realtime?.close();
});

const knownKeys = () => [...victimKeys, masterKey];

const authArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(() => ["authorization", `Bearer ${masterKey}`]) },
  { weight: 3, arbitrary: fc.constant(() => ["authorization", `Bearer ${issued.userKey}`]) },
  { weight: 2, arbitrary: fc.constant(() => ["authorization", `Bearer ${issued.adminKey}`]) },
  { weight: 1, arbitrary: fc.constant(() => []) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      () => ["authorization", "Bearer"],
      () => ["authorization", "Bearer "],
      () => ["authorization", `bearer ${masterKey}`],
      () => ["authorization", `BEARER\t${masterKey}`],
      () => ["authorization", `Bearer  ${masterKey}  `],
      () => ["authorization", `Bearer ${masterKey} ${masterKey}`],
      () => ["authorization", `Basic ${Buffer.from(`admin:${masterKey}`).toString("base64")}`],
      () => ["authorization", `Token ${masterKey}`],
      () => ["authorization", masterKey],
      () => ["authorization", `Bearer sk-${"a".repeat(8_000)}`],
      () => ["authorization", "Bearer sk-\u00e9\u00ff\u0080latin1"],
      () => ["authorization", `Bearer ${issued.token}`],
      () => ["authorization", `Bearer ${masterKey}`, "authorization", "Bearer sk-wrong-key-12345"],
      () => ["authorization", "Bearer sk-wrong-key-12345", "authorization", `Bearer ${masterKey}`],
      () => ["api-key", masterKey],
      () => ["x-api-key", issued.userKey],
      () => ["authorization", "Bearer sk-wrong-key-12345", "api-key", masterKey],
      () => ["api-key", ""],
    ),
  },
  { weight: 1, arbitrary: oddString.map((value) => () => ["authorization", `Bearer ${percentEncode(value)}`]) },
);

function pathOf(template: string, segment: string, query: string | null): string {
  return template.replace("([^/]+)", segment) + (query ?? "");
}

function headersOf(auth: () => string[], contentType: string | undefined, origin: string | null): string[] {
  return [...auth(), ...(contentType === undefined ? [] : ["content-type", contentType]), ...(origin ? ["origin", origin] : [])];
}

async function sendAndCheck(request: FuzzRequest): Promise<Answer> {
  const answer = await client.send(request);
  expectGatewayAnswer(answer, secrets(), { head: request.method === "HEAD", path: request.path });
  return answer;
}

/** After each property: the process is alive and still serves health and a valid chat request. */
async function expectStillServing() {
  const chat = await client.expectStillServing(masterKey);
  expect(JSON.parse(chat.text).choices[0].message.content).toBe("echo: still here");
}

const specs = routeFieldSpecs(knownKeys);
const specOf = (template: string) => specs[template.replace(/^(\/anthropic)?\/v1(?=\/)/, "")] ?? {};

/** The smallest inputs that found each bug, kept as plain cases: each failed (5xx, no answer, or an empty body) before its fix. */
describe("regressions the fuzz found", () => {
  const master = ["authorization", `Bearer ${masterKey}`, "content-type", "application/json"];
  const expectError = (answer: Answer, status: number, code: string) => {
    expectGatewayAnswer(answer, secrets());
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.text).error.code).toBe(code);
  };
  const rawOne = async (head: string, body = "") => {
    rawSent++;
    const { responses } = await rawExchange(gateway.port, Buffer.from(`${head}\r\n\r\n${body}`, "latin1"));
    expect(responses).toHaveLength(1);
    return responses[0];
  };

  it("a malformed percent-escape in a path parameter is a 400, not a URIError's 500", async () => {
    expectError(await client.send({ method: "GET", path: "/v1/responses/%/input_items", headers: master }), 400, "invalid_request");
    expectError(await client.send({ method: "POST", path: "/v1/responses/%ED%A0%80/cancel", headers: master, body: "{}" }), 400, "invalid_request");
    expectError(await client.send({ method: "POST", path: "/key/%E0%A4%A/regenerate", headers: master, body: "{}" }), 400, "invalid_request");
  });

  it("JSON nested thousands deep is a 400, not a stack overflow on the way upstream or into the database", async () => {
    const deep = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    expectError(
      await client.send({ method: "POST", path: "/v1/chat/completions", headers: master, body: `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"key":${deep(5_000)}}` }),
      400,
      "invalid_request",
    );
    expectError(await client.send({ method: "POST", path: "/key/generate", headers: master, body: `{"metadata":{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}}` }), 400, "invalid_request");
    // A realistic depth still goes through.
    const fine = await client.send({
      method: "POST",
      path: "/v1/chat/completions",
      headers: master,
      body: `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata_x":${deep(40)}}`,
    });
    expect(fine.status).toBe(200);
  });

  it("a Responses input naming 40,000 items is looked up, not a 503 'database unreachable'", async () => {
    const input = Array.from({ length: 40_000 }, (_, index) => ({ id: `i${index}` }));
    const answer = await client.send({ method: "POST", path: "/v1/responses", headers: master, body: JSON.stringify({ model: "gpt-4o", input }) });
    expectGatewayAnswer(answer, secrets());
    expect(answer.status).toBe(200);
  });

  it("a non-boolean stream is a 400, not an SSE answer read as JSON that cools the deployment down for everyone", async () => {
    for (const stream of ['"true"', "1", "{}"]) {
      expectError(await client.send({ method: "POST", path: "/v1/responses", headers: master, body: `{"model":"gpt-4o","input":"hi","stream":${stream}}` }), 400, "invalid_request");
    }
    await expectStillServing();
  });

  it("requests Node's parser refuses are answered in the OpenAI shape, CONNECT included", async () => {
    const auth = `Authorization: Bearer ${masterKey}`;
    expectError(await rawOne(`CONNECT /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`), 405, "method_not_allowed");
    expectError(await rawOne(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\nContent-Length: abc`, "{}"), 400, "malformed_request");
    expectError(await rawOne(`GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}`), 431, "headers_too_large");
    expectError(await rawOne(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\nExpect: fly\r\nContent-Length: 2\r\nConnection: close`, "{}"), 417, "expectation_failed");
    expectError(await rawOne(`GET /v1/models HTTP/1.1\r\n${auth}\r\nConnection: close`), 400, "malformed_request");
    // Still sending when refused: answered, then read to the end, not reset before the client could read the 431.
    expectError(await rawOne(`GET /v1/models?input=${"a".repeat(4_000_000)} HTTP/1.1\r\nHost: 127.0.0.1`), 431, "headers_too_large");
  });

  it("requests to the Messages API that Node's parser refuses are answered in Anthropic's shape", async () => {
    for (const path of ["/v1/messages", "/messages/count_tokens?key=1", "/anthropic/v1/messages"]) {
      const refused = await rawOne(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}`);
      expectGatewayAnswer(refused, secrets(), { path });
      expect(refused.status).toBe(431);
      expect(JSON.parse(refused.text).error.type).toBe("invalid_request_error");
    }
  });
});

describe("fuzzing every route of the gateway", { timeout: 180_000 }, () => {
  it("route-shaped bodies with hostile field values", async () => {
    const arb = fc.constantFrom(...postEndpoints).chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        body: objectFor(specOf(endpoint.template)),
        auth: authArb,
        segment: pathSegmentArb,
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, body, auth, segment }) => {
        await sendAndCheck({ method: endpoint.method, path: pathOf(endpoint.template, segment, null), headers: headersOf(auth, "application/json", null), body });
      }),
      fuzzRuns(3_000),
    );
    await expectStillServing();
  });

  it("every GET route with hostile path parameters and query strings", async () => {
    const knownQuery = fc.constantFrom(
      () => `?key=${issued.userKey}`,
      () => `?key=${issued.adminKey}`,
      () => `?key=${victimKeys[0]}`,
      () => `?api_key=${issued.userKey}&start_date=2024-01-01&end_date=2999-12-31`,
      () => "?team_id=no-such-team",
      () => "?hours=24",
      () => "?stream=true",
      () => "",
    );
    const arb = fc.record({
      endpoint: fc.constantFrom(...getEndpoints),
      segment: fc.oneof(pathSegmentArb, fc.constantFrom("resp_fake123", "fuzz-credential")),
      query: fc.oneof(
        queryArb,
        knownQuery.map((make) => make()),
      ),
      auth: authArb,
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, segment, query, auth }) => {
        await sendAndCheck({ method: "GET", path: pathOf(endpoint.template, segment, query), headers: headersOf(auth, undefined, null) });
      }),
      fuzzRuns(1_200),
    );
    await expectStillServing();
  });

  it("malformed JSON, raw bytes, odd encodings and content types", async () => {
    const bodyArb = fc.oneof(
      { weight: 3, arbitrary: malformedJsonText },
      { weight: 2, arbitrary: jsonText },
      { weight: 3, arbitrary: fc.constantFrom(...postEndpoints).chain((endpoint) => objectFor(specOf(endpoint.template))) },
    );
    const arb = fc.record({
      endpoint: fc.constantFrom(...postEndpoints),
      body: bodyArb,
      bytes: fc.option(fc.uint8Array({ maxLength: 64 }), { freq: 6 }),
      encoding: encodingArb,
      contentType: contentTypeArb,
      auth: authArb,
      origin: fc.option(fc.constantFrom("http://app.example", "null", "https://evil.example")),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, body, bytes, encoding, contentType, auth, origin }) => {
        const payload = bytes ? Buffer.from(bytes) : encode(body, encoding);
        await sendAndCheck({ method: endpoint.method, path: pathOf(endpoint.template, "resp_fake123", null), headers: headersOf(auth, contentType, origin), body: payload });
      }),
      fuzzRuns(2_500),
    );
    await expectStillServing();
  });

  it("huge strings, huge arrays and deep nesting in every field", async () => {
    const bigArb = fc.oneof(hugeStringText, hugeArrayText, deepText);
    const arb = fc.record({
      endpoint: fc.constantFrom(...postEndpoints),
      field: fc.constantFrom("model", "messages", "input", "metadata", "models", "keys", "content", "session", "key", "tools"),
      value: bigArb,
      wholeBody: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, field, value, wholeBody }) => {
        const base = endpoint.template.includes("chat") || endpoint.template.includes("responses") ? '"model":"gpt-4o",' : "";
        const body = wholeBody && value.startsWith("{") ? value : `{${base}${JSON.stringify(field)}:${value}}`;
        await sendAndCheck({
          method: endpoint.method,
          path: pathOf(endpoint.template, "x", null),
          headers: headersOf(() => ["authorization", `Bearer ${masterKey}`], "application/json", null),
          body,
        });
      }),
      fuzzRuns(240),
    );
    await expectStillServing();
  });

  it("odd paths, methods and query strings on every route and beside them", async () => {
    const unknownPaths = fc
      .tuple(fc.constantFrom("/v1/", "/", "/key/", "/team/", "/health/", "/cost_map/", "/realtime/", "//v1/", "/v1//", "/v1/../"), pathSegmentArb)
      .map(([prefix, rest]) => prefix + rest);
    const arb = fc.record({
      path: fc.oneof(
        { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...endpoints), pathSegmentArb).map(([endpoint, segment]) => pathOf(endpoint.template, segment, null)) },
        { weight: 1, arbitrary: unknownPaths },
      ),
      query: fc.option(queryArb, { freq: 2 }),
      method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND"),
      auth: authArb,
      origin: fc.option(fc.constantFrom("http://app.example", "https://evil.example")),
      requestHeaders: fc.option(fc.constantFrom("authorization, content-type", "x-custom", "a".repeat(3000))),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ path, query, method, auth, origin, requestHeaders }) => {
        const headers = headersOf(auth, undefined, origin);
        if (requestHeaders) headers.push("access-control-request-headers", requestHeaders, "access-control-request-method", "POST");
        const body = method === "GET" || method === "HEAD" || method === "OPTIONS" || method === "TRACE" ? undefined : "{}";
        if (body) headers.push("content-type", "application/json");
        await sendAndCheck({ method, path: path + (query ?? ""), headers, body });
      }),
      fuzzRuns(2_000),
    );
    await expectStillServing();
  });

  it("realtime calls: tokens, SDP offers and content types", async () => {
    const sdpLine = fc.oneof(
      fc.constantFrom(
        "v=0",
        "o=- 0 0 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 0.0.0.0",
        "a=sctp-port:5000",
        "a=setup:actpass",
        "a=mid:0",
        "m=",
        "v=",
      ),
      oddString,
    );
    const sdp = fc.tuple(fc.array(sdpLine, { maxLength: 10 }), fc.constantFrom("\r\n", "\n", "\r", "")).map(([lines, end]) => lines.join(end) + end);
    const multipart = fc.tuple(sdp, fc.option(jsonText), fc.constantFrom("b0undary", "other")).map(([offer, session, boundary]) => ({
      body: `--b0undary\r\nContent-Disposition: form-data; name="sdp"\r\n\r\n${offer}\r\n${session === null ? "" : `--b0undary\r\nContent-Disposition: form-data; name="session"\r\n\r\n${session}\r\n`}--b0undary--\r\n`,
      contentType: `multipart/form-data; boundary=${boundary}`,
    }));
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.constant(() => issued.token) },
      { weight: 2, arbitrary: fc.constant(() => issued.userToken) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.nat(), fc.constantFrom("flip", "cut", "append", "prefix")).map(([at, how]) => () => {
          const value = issued.token;
          const index = at % value.length;
          if (how === "cut") return value.slice(0, index);
          if (how === "append") return value + "A";
          if (how === "prefix") return `sy_rt.${value.slice(index)}`;
          return value.slice(0, index) + (value[index] === "A" ? "B" : "A") + value.slice(index + 1);
        }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          () => masterKey,
          () => issued.userKey,
          () => "sy_rt.",
          () => "sy_rt.a.b.c",
          () => "",
        ),
      },
    );
    const arb = fc.record({
      path: fc.constantFrom("/v1/realtime/calls", "/realtime/calls"),
      token,
      offer: fc.oneof(
        sdp.map((body) => ({ body, contentType: "application/sdp" as string | undefined })),
        multipart,
        fc.record({ body: fc.oneof(sdp, malformedJsonText), contentType: contentTypeArb }),
      ),
      encoding: encodingArb,
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ path, token: tokenOf, offer, encoding }) => {
        await sendAndCheck({ method: "POST", path, headers: headersOf(() => ["authorization", `Bearer ${tokenOf()}`], offer.contentType, null), body: encode(offer.body, encoding) });
      }),
      fuzzRuns(1_000),
    );
    await expectStillServing();
  });
});

describe("fuzzing the wire: framing and header abuse", { timeout: 180_000 }, () => {
  it("answers every broken request on the wire in the OpenAI shape", async () => {
    const arb = wireRequestArb(
      masterKey,
      endpoints.map((endpoint) => pathOf(endpoint.template, "resp_fake123", null)),
    );
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const { bytes, incomplete } = wireRequestBytes(input);
        rawSent++;
        const result = await rawExchange(gateway.port, bytes, { endAfterMs: incomplete ? 40 : undefined });
        expect(result.responses.length, `no answer at all; got ${JSON.stringify(result.leftover.slice(0, 200))}`).toBeGreaterThan(0);
        for (const answer of result.responses) expectGatewayAnswer(answer, secrets());
      }),
      fuzzRuns(700),
    );
    await expectStillServing();
  });

  it("refuses oversized bodies with 413, declared or not", async () => {
    const readsBody = /\/(chat\/completions|responses|embeddings|messages|realtime\/client_secrets|key\/generate|key\/update|team\/new|cost_map\/preview|model_access\/check)$/;
    const arb = fc.record({
      endpoint: fc.constantFrom(...postEndpoints.filter((endpoint) => readsBody.test(endpoint.template))),
      extra: fc.integer({ min: 1, max: 2 * maxBodyBytes }),
      how: fc.constantFrom("declared", "chunked", "lying"),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, extra, how }) => {
        const body = Buffer.from(`{"model":"gpt-4o","pad":"${"p".repeat(maxBodyBytes + extra - 27)}"}`); // limit + extra bytes
        const auth = `Authorization: Bearer ${masterKey}`;
        const path = pathOf(endpoint.template, "x", null);
        let answers: Answer[];
        if (how === "declared") {
          answers = [await client.send({ method: endpoint.method, path, headers: ["authorization", `Bearer ${masterKey}`, "content-type", "application/json"], body })];
        } else {
          const framing = how === "chunked" ? framed("chunked", body) : { lines: [`Content-Length: ${body.length * 10}`], payload: body.subarray(0, 1000), incomplete: true };
          const head = [`${endpoint.method} ${path} HTTP/1.1`, "Host: 127.0.0.1", auth, "Content-Type: application/json", "Connection: close", ...framing.lines].join("\r\n");
          rawSent++;
          answers = (await rawExchange(gateway.port, Buffer.concat([Buffer.from(`${head}\r\n\r\n`), framing.payload]), { endAfterMs: framing.incomplete ? 40 : undefined })).responses;
        }
        expect(answers.length).toBeGreaterThan(0);
        for (const answer of answers) {
          expectGatewayAnswer(answer, secrets(), { path });
          expect(answer.status).toBe(413);
        }
      }),
      fuzzRuns(40),
    );
    await expectStillServing();
  });

  it("kept serving, logged no unexpected error, and tried enough cases", async () => {
    await expectStillServing();
    expect(gateway.output()).not.toMatch(/unexpected error|request failed outside|uncaught/i);
    const total = client.sent + rawSent;
    console.log(`fuzz-gateway: ${total} requests (${client.sent} over HTTP: ${client.statusSummary()}; ${rawSent} raw), seed ${fuzzSeed}`);
    expect(total).toBeGreaterThanOrEqual(5_000);
  });
});
