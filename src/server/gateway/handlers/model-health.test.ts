import { afterEach, describe, expect, it } from "vitest";
import { jsonUpstreamResponse, masterKey, openAIUpstreamKey, startHarness, type Harness } from "../testing/gateway-harness";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const config = (general = "") => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY }
  - model_name: broken
    litellm_params: { model: openai/gpt-4o-mini, api_base: "https://broken.example/v1", api_key: sk-broken-deployment-key-123 }
  - model_name: embedder
    litellm_params: { model: openai/text-embedding-3-small, api_key: os.environ/OPENAI_API_KEY }
    model_info: { mode: embedding }
  - model_name: "anthropic/*"
    litellm_params: { model: "anthropic/*", api_key: sk-ant-wild }
general_settings:
  master_key: ${masterKey}
${general}
`;

/** The fake provider: broken.example refuses with the key it was sent in its message, as some providers do. */
const answer = async (request: { url: string; headers: Record<string, string> }) =>
  request.url.startsWith("https://broken.example")
    ? jsonUpstreamResponse(401, { error: { message: `Incorrect API key provided: ${request.headers.authorization.slice(7)}`, type: "invalid_request_error" } })
    : request.url.endsWith("/embeddings")
      ? jsonUpstreamResponse(200, { object: "list", data: [{ object: "embedding", index: 0, embedding: [0.1] }], model: "x", usage: { prompt_tokens: 1, total_tokens: 1 } })
      : jsonUpstreamResponse(200, {
          id: "c",
          object: "chat.completion",
          created: 1,
          model: "x",
          choices: [{ index: 0, message: { role: "assistant", content: "p" }, finish_reason: "length" }],
        });

interface Endpoint {
  model: string;
  model_group: string;
}
interface HealthAnswer {
  healthy_endpoints: Endpoint[];
  unhealthy_endpoints: Endpoint[];
  skipped_endpoints: Endpoint[];
  healthy_count: number;
  unhealthy_count: number;
}

async function health(path = "/health", key = masterKey) {
  const response = await harness!.call("GET", path, { key });
  return { status: response.status, json: (await response.json()) as HealthAnswer };
}

describe("GET /health", () => {
  it("checks each deployment with one small real request, in LiteLLM's shape, errors verbatim minus secrets", async () => {
    harness = await startHarness(4_096, { config: config() });
    harness.answer = answer;
    const { status, json } = await health();
    expect(status).toBe(200);
    expect(json.healthy_count).toBe(2);
    expect(json.unhealthy_count).toBe(1);
    expect(json.healthy_endpoints.map((endpoint: { model: string }) => endpoint.model).sort()).toEqual(["openai/gpt-4o", "openai/text-embedding-3-small"]);
    expect(json.unhealthy_endpoints).toEqual([
      expect.objectContaining({
        model: "openai/gpt-4o-mini",
        api_base: "broken.example",
        model_group: "broken",
        status_code: 401,
        error: "Incorrect API key provided: [redacted]",
      }),
    ]);
    expect(json.skipped_endpoints).toEqual([expect.objectContaining({ model_group: "anthropic/*", error: expect.stringContaining("wildcard") })]);
    expect(harness.sent.map((request) => new URL(request.url).pathname).sort()).toEqual(["/v1/chat/completions", "/v1/chat/completions", "/v1/embeddings"]);
    const shown = JSON.stringify(json);
    for (const secret of ["sk-broken-deployment-key-123", openAIUpstreamKey, "sk-ant-wild"]) expect(shown).not.toContain(secret);
  });

  it("narrows to one model group with ?model=", async () => {
    harness = await startHarness(4_096, { config: config() });
    harness.answer = answer;
    const { json } = await health("/health?model=gpt-4o");
    expect(json).toMatchObject({ healthy_count: 1, unhealthy_count: 0 });
    expect(harness.sent).toHaveLength(1);
  });

  it("with background_health_checks, answers the latest background results without calling anyone", async () => {
    harness = await startHarness(4_096, { config: config("  background_health_checks: true\n  health_check_interval: 300") });
    harness.answer = answer;
    await harness.gateway.ctx.health.settled();
    const sent = harness.sent.length;
    const { json } = await health();
    expect(harness.sent.length).toBe(sent);
    expect(json).toMatchObject({ healthy_count: expect.any(Number), unhealthy_count: expect.any(Number) });
    expect(json.healthy_count + json.unhealthy_count).toBe(3);
  });

  it("is the admins' only: a proxy_admin key may, a plain key and no key may not", async () => {
    harness = await startHarness(4_096, { config: config() });
    harness.answer = answer;
    const generated = async (body: object) => ((await (await harness!.call("POST", "/key/generate", { key: masterKey, body })).json()) as { key: string }).key;
    expect((await health("/health", await generated({ user_role: "proxy_admin" }))).status).toBe(200);
    const sent = harness.sent.length;
    expect((await health("/health", await generated({}))).status).toBe(403);
    expect((await harness.call("GET", "/health")).status).toBe(401);
    expect(harness.sent.length).toBe(sent);
  });
});
