import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResponsesOrgs, type FakeResponsesOrgs } from "../../e2e/fixtures/fake-responses-orgs.mjs";
import { converse, type ConversationStyle } from "./helpers/conversations";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The incident: a model group load-balanced over two organisations. Encrypted reasoning and
// stored responses only work at the organisation that made them; a follow-up sent to the other
// one fails with 400 invalid_encrypted_content. Every turn must succeed.
let fake: FakeResponsesOrgs;

beforeAll(async () => {
  fake = await startFakeResponsesOrgs();
});

afterAll(async () => {
  await fake?.close();
});

const twoOrgs = (extra = "", orgs = ["sk-org-a", "sk-org-b"]) => `
model_list:
${orgs.map((key) => `  - model_name: reasoner\n    litellm_params: { model: openai/o4-mini, api_base: "${fake.url}/v1", api_key: ${key} }\n`).join("")}
router_settings: { routing_strategy: simple-shuffle, num_retries: 0, allowed_fails: 0, cooldown_time: 30 }
general_settings: { ${extra} }
`;

const styles: ConversationStyle[] = ["previous_response_id", "encrypted_items", "encrypted_without_ids"];

async function runConversations(gateway: GatewayProcess, count: number) {
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url), maxRetries: 0 });
  const runs = Array.from({ length: count }, (_, index) => {
    const style = styles[index % styles.length];
    const stream = index % 2 === 1;
    return converse(client, "reasoner", style, 3, stream).then(
      (texts) => ({ ok: true as const, texts }),
      (error) => ({ ok: false as const, error }),
    );
  });
  return Promise.all(runs);
}

describe("Responses affinity across two organisations", () => {
  it("routes every follow-up to the organisation that can read it: 24 conversations x 3 turns, all styles, streamed and not", async () => {
    const gateway = await startGateway({ config: twoOrgs() });
    try {
      const results = await runConversations(gateway, 24);
      expect(results.filter((result) => !result.ok).map((result) => (result as { error: Error }).error.message)).toEqual([]);
      for (const result of results) if (result.ok) expect(result.texts.map((text) => text.replace(/^org-[ab]: /, ""))).toEqual(["turn 1", "turn 2", "turn 3"]);
      // Both organisations did serve conversations: the load balancer was free for first turns.
      const orgs = new Set(fake.requests.map((request) => request.org));
      expect(orgs).toEqual(new Set(["org-a", "org-b"]));
    } finally {
      await gateway.stop();
    }
  });

  it("fails the same way the incident did when affinity is switched off (the test can see the bug)", async () => {
    const gateway = await startGateway({ config: twoOrgs("responses_affinity: false") });
    try {
      const results = await runConversations(gateway, 24);
      const failures = results.filter((result) => !result.ok).map((result) => (result as { error: { status: number; code?: string } }).error);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((error) => error.status === 400)).toBe(true);
      expect(new Set(failures.map((error) => error.code))).toEqual(new Set(["invalid_encrypted_content", "previous_response_not_found"]));
    } finally {
      await gateway.stop();
    }
  });
});

describe("affinity is durable, honest and private", () => {
  let gateway: GatewayProcess;
  const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-affinity-")), "gateway.db");

  afterAll(async () => {
    await gateway?.stop();
  });

  async function createOn(key: string, orgKey: string) {
    // Pin the first turn by asking until it lands on the wanted organisation.
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    for (let attempt = 0; attempt < 40; attempt++) {
      const response = await client.responses.create({ model: "reasoner", input: "hello", store: true, include: ["reasoning.encrypted_content"] });
      if (response.output_text.startsWith(orgKey === "sk-org-a" ? "org-a" : "org-b")) return response;
    }
    throw new Error("never landed on the wanted organisation");
  }

  it("survives a restart of the gateway (same database)", async () => {
    gateway = await startGateway({ config: twoOrgs(), databasePath });
    const key = await createKey(gateway.url);
    const first = await createOn(key, "sk-org-a");
    await gateway.stop();
    gateway = await startGateway({ config: twoOrgs(), databasePath });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    for (let turn = 0; turn < 6; turn++) {
      const { data, response } = await client.responses.create({ model: "reasoner", input: "again", previous_response_id: first.id }).withResponse();
      expect(data.output_text).toBe("org-a: turn 2");
      expect(response.headers.get("x-switchyard-affinity")).toBe("previous_response_id");
    }
  });

  it("sends retrieve, input_items, cancel and delete to the organisation that holds the response", async () => {
    const key = await createKey(gateway.url);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const created = await createOn(key, "sk-org-b");
    expect((await client.responses.retrieve(created.id)).id).toBe(created.id);
    expect((await client.responses.inputItems.list(created.id)).data.length).toBeGreaterThan(0);
    expect((await client.responses.cancel(created.id)).status).toBe("cancelled");
    await client.responses.delete(created.id);
    expect(fake.requests.filter((request) => request.url.includes(created.id)).every((request) => request.org === "org-b")).toBe(true);
  });

  it("hides a response from another team's key: 404", async () => {
    const teamA = (await manage(gateway.url, "POST", "/team/new", { team_alias: "a" })).json.team_id;
    const teamB = (await manage(gateway.url, "POST", "/team/new", { team_alias: "b" })).json.team_id;
    const keyA = await createKey(gateway.url, { team_id: teamA });
    const keyA2 = await createKey(gateway.url, { team_id: teamA });
    const keyB = await createKey(gateway.url, { team_id: teamB });
    const created = await createOn(keyA, "sk-org-a");
    const asB = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: keyB, maxRetries: 0 });
    const hidden = await asB.responses.retrieve(created.id).catch((error) => error);
    expect(hidden).toBeInstanceOf(OpenAI.NotFoundError);
    const followUp = await asB.responses.create({ model: "reasoner", input: "mine?", previous_response_id: created.id }).catch((error) => error);
    expect(followUp.status).toBe(404);
    const asA2 = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: keyA2, maxRetries: 0 });
    expect((await asA2.responses.retrieve(created.id)).id).toBe(created.id);
  });

  it("refuses items from two organisations in one request, naming them", async () => {
    const key = await createKey(gateway.url);
    const a = await createOn(key, "sk-org-a");
    const b = await createOn(key, "sk-org-b");
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const mixed = await client.responses
      .create({ model: "reasoner", store: false, input: [...(a.output as any[]), ...(b.output as any[]), { role: "user", content: "both" }] })
      .catch((error) => error);
    expect(mixed.status).toBe(400);
    expect(mixed.message).toContain(a.output[0].id);
    expect(mixed.message).toContain(b.output[0].id);
  });

  it("fails fast and honestly when the bound deployment is down: 429 after rate limits, 409 once its credentials are gone", async () => {
    const key = await createKey(gateway.url);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const created = await createOn(key, "sk-org-a");
    fake.failNext("sk-org-a", 429, 1);
    const limited = await client.responses.create({ model: "reasoner", input: "x", previous_response_id: created.id }).catch((error) => error);
    expect(limited.status).toBe(429);
    // Now cooling down: refused at once, with Retry-After, and never rerouted to org-b.
    const before = fake.requests.length;
    const cooling = await client.responses.create({ model: "reasoner", input: "x", previous_response_id: created.id }).catch((error) => error);
    expect(cooling.status).toBe(429);
    expect(Number(cooling.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(before);

    await gateway.stop();
    gateway = await startGateway({ config: twoOrgs("", ["sk-org-b"]), databasePath });
    const gone = await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).responses
      .create({ model: "reasoner", input: "x", previous_response_id: created.id })
      .catch((error) => error);
    expect(gone.status).toBe(409);
    expect(gone.message).toContain("bound to provider credentials");
    expect(gone.message).not.toMatch(/[0-9a-f]{32}/);
  });

  it("with the opt-in setting, drops unreadable reasoning and routes elsewhere", async () => {
    await gateway.stop();
    gateway = await startGateway({ config: twoOrgs("", ["sk-org-a", "sk-org-b"]), databasePath });
    const key = await createKey(gateway.url);
    const created = await createOn(key, "sk-org-a");
    await gateway.stop();
    gateway = await startGateway({ config: twoOrgs("responses_drop_unreadable_reasoning: true", ["sk-org-b"]), databasePath });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const { data, response } = await client.responses
      .create({ model: "reasoner", store: false, input: [{ role: "user", content: "hello" }, ...(created.output as any[]), { role: "user", content: "go on" }] })
      .withResponse();
    expect(data.output_text.startsWith("org-b")).toBe(true);
    expect(response.headers.get("x-switchyard-affinity")).toBe("dropped");
  });
});
