import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../auth/users";
import type { UserRow } from "../../db/schema";
import { jsonUpstreamResponse, masterKey, openAIUpstreamKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { apiHostOf } from "../../services/models/list-model-groups";
import { createCaller } from "../root";

// The harness config: gpt-4o (OpenAI, key from the environment) and claude-sonnet (Anthropic, key inline).
let harness: Harness;
let user: UserRow;

beforeEach(async () => {
  harness = await startHarness();
  user = await createUser(harness.gateway.ctx.database, { email: "someone@x.test", password: "correct horse battery" }, new Date());
});

afterEach(async () => {
  await harness.close();
});

const list = () => createCaller({ user, gateway: harness.gateway.ctx }).models.list();
const chat = () => harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } });
const gpt4o = async () => (await list()).groups.find((group) => group.group === "gpt-4o")!.deployments[0];

describe("models.list", () => {
  it("lists groups and deployments with the api_base host and nothing secret", async () => {
    const models = await list();
    expect(models.groups.map((group) => group.group)).toEqual(["gpt-4o", "claude-sonnet"]);
    expect(models.groups[0].deployments).toEqual([
      {
        id: expect.any(String),
        provider: "openai",
        upstreamModel: "gpt-4o-2024-08-06",
        apiHost: "api.openai.com",
        mode: "chat",
        rpm: null,
        tpm: null,
        health: { inFlight: 0, cooldown: null, stats: { windowSeconds: 300, requests: 0, errors: 0, p50Ms: null, p95Ms: null }, lastCheck: null },
      },
    ]);
    expect(models.groups[1].deployments[0]).toMatchObject({ provider: "anthropic", upstreamModel: "claude-sonnet-4-5", apiHost: "api.anthropic.com" });
    const shown = JSON.stringify(models);
    for (const secret of [openAIUpstreamKey, "sk-ant-upstream-secret", masterKey, "https://"]) expect(shown).not.toContain(secret);
  });

  it("needs a signed-in user", async () => {
    await expect(createCaller({ user: undefined, gateway: harness.gateway.ctx }).models.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows the host of an api_base only, without credentials, path or query", () => {
    expect(apiHostOf("https://user:hunter2@proxy.internal:8443/v1?api-key=secret")).toBe("proxy.internal:8443");
    expect(apiHostOf("not a url")).toBeNull();
  });

  it("shows a deployment cooling down after failures, and why", async () => {
    harness.answer = async () => jsonUpstreamResponse(500, { error: { message: "upstream down", type: "server_error" } });
    // allowed_fails is 3 and each request is tried 3 times: the second request trips the cooldown.
    expect((await chat()).status).toBe(500);
    expect((await gpt4o()).health).toMatchObject({ stats: { requests: 3, errors: 3 }, cooldown: null });
    expect((await chat()).status).toBeGreaterThanOrEqual(500);
    const { health } = await gpt4o();
    expect(health.stats.errors).toBeGreaterThan(3);
    expect(health.cooldown).toMatchObject({ reason: "failing" });
    expect(health.cooldown!.remainingMs).toBeGreaterThan(0);
    expect(health.cooldown!.remainingMs).toBeLessThanOrEqual(5_000);
    expect(Date.parse(health.cooldown!.until)).toBeGreaterThan(Date.now());
  });

  it("says rate_limited when the upstream answered 429", async () => {
    harness.answer = async () => jsonUpstreamResponse(429, { error: { message: "slow down", type: "requests" } });
    await chat();
    await chat();
    expect((await gpt4o()).health.cooldown).toMatchObject({ reason: "rate_limited" });
  });
});

describe("models.list traffic", () => {
  it("counts requests and errors and gives p50/p95 latency of the successful ones", async () => {
    for (let index = 0; index < 4; index++) expect((await chat()).status).toBe(200);
    harness.answer = async () => jsonUpstreamResponse(400, { error: { message: "bad", type: "invalid_request_error" } });
    expect((await chat()).status).toBe(400);
    const { stats } = (await gpt4o()).health;
    expect(stats).toMatchObject({ requests: 5, errors: 1 });
    expect(stats.p50Ms).toBeGreaterThanOrEqual(0);
    expect(stats.p95Ms).toBeGreaterThanOrEqual(stats.p50Ms!);
  });
});

describe("models.testDeployment", () => {
  const admin = async () => {
    const row = await createUser(harness.gateway.ctx.database, { email: "admin@x.test", password: "correct horse battery", isAdmin: true }, new Date());
    return createCaller({ user: row, gateway: harness.gateway.ctx });
  };

  it("sends one small real request through the provider and answers its latency", async () => {
    const caller = await admin();
    const { id } = await gpt4o();
    const result = await caller.models.testDeployment({ deploymentId: id });
    expect(result).toMatchObject({ deploymentId: id, status: "healthy", model: "openai/gpt-4o-2024-08-06", apiHost: "api.openai.com" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(harness.sent).toHaveLength(1);
    expect(harness.sent[0].url).toBe("https://api.openai.com/v1/chat/completions");
    expect(harness.sent[0].headers.authorization).toBe(`Bearer ${openAIUpstreamKey}`);
    expect(JSON.parse(harness.sent[0].body!)).toMatchObject({ model: "gpt-4o-2024-08-06", max_tokens: 1 });
  });

  it("answers the provider's error verbatim but for secrets, and does not cool the deployment down", async () => {
    const caller = await admin();
    harness.answer = async () =>
      jsonUpstreamResponse(401, { error: { message: `Incorrect API key provided: ${openAIUpstreamKey}. See https://x.test/keys?sig=abc123`, type: "invalid_request_error" } });
    const { id } = await gpt4o();
    const result = await caller.models.testDeployment({ deploymentId: id });
    expect(result).toMatchObject({ status: "unhealthy", upstreamStatus: 401, error: "Incorrect API key provided: [redacted]. See https://x.test/keys?sig=[redacted]" });
    expect(JSON.stringify(result)).not.toContain(openAIUpstreamKey);
    expect((await gpt4o()).health.cooldown).toBeNull();
  });

  it("refuses a deployment that does not exist", async () => {
    const caller = await admin();
    await expect(caller.models.testDeployment({ deploymentId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses everyone but an instance admin, before any upstream call", async () => {
    const { id } = await gpt4o();
    await expect(createCaller({ user: undefined, gateway: harness.gateway.ctx }).models.testDeployment({ deploymentId: id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(createCaller({ user, gateway: harness.gateway.ctx }).models.testDeployment({ deploymentId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(harness.sent).toHaveLength(0);
  });
});
