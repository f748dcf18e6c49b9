import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { masterKey, startGateway, type GatewayProcess } from "./helpers/gateway-process";

// LiteLLM's catch-all deployment (`model_name: "*"`, `model: "*"`) and a two-`*` pattern, through
// the built server to the fake providers: each name reaches the provider it names (its prefix,
// else the cost map's litellm_provider) with that provider's own credentials from the environment.
let fake: FakeProviders;
let gateway: GatewayProcess;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeProviders();
  gateway = await startGateway({
    config: `model_list:
  - model_name: "*"
    litellm_params: { model: "*" }
  - model_name: "team-*/gpt-*"
    litellm_params: { model: "openai/gpt-*", api_key: sk-pattern }
`,
    env: {
      OPENAI_API_BASE: `${fake.url}/v1`,
      OPENAI_API_KEY: "sk-openai-from-env",
      ANTHROPIC_API_BASE: fake.url,
      ANTHROPIC_API_KEY: "sk-ant-from-env",
    },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: masterKey, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });

describe("wildcard deployments", () => {
  it("sends anthropic/... from the catch-all to Anthropic with ANTHROPIC_API_KEY, not to OpenAI", async () => {
    await ask("anthropic/claude-3-haiku-20240307");
    const sent = fake.requests.at(-1)!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-from-env");
    expect(sent.body.model).toBe("claude-3-haiku-20240307");
  });

  it("sends a bare name the cost map gives to Anthropic to Anthropic, and OpenAI's to OpenAI", async () => {
    await ask("claude-opus-4-20250514");
    expect(fake.requests.at(-1)).toMatchObject({ url: "/v1/messages", body: { model: "claude-opus-4-20250514" } });
    const completion = await ask("gpt-4o-mini");
    expect(completion.choices[0]?.message.content).toBe("echo: hi");
    expect(fake.requests.at(-1)).toMatchObject({ url: "/v1/chat/completions", body: { model: "gpt-4o-mini" }, headers: { authorization: "Bearer sk-openai-from-env" } });
  });

  it("fills a two-* pattern as LiteLLM does: the name's segments, no literal *", async () => {
    await ask("team-a/gpt-4o");
    // Two segments for the model's one *: LiteLLM sends the matched name, whose prefix is no provider, so the deployment's own.
    const sent = fake.requests.at(-1)!;
    expect(sent.body.model).toBe("gpt-4o");
    expect(sent.headers.authorization).toBe("Bearer sk-pattern");
  });
});
