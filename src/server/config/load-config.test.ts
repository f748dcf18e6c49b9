import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigSources } from "./load-config";

const env: Record<string, string> = {
  OPENAI_API_KEY: "sk-openai-secret",
  AZURE_API_KEY: "azure-secret",
  ANTHROPIC_API_KEY: "sk-ant-secret",
  GROQ_API_KEY: "gsk-secret",
  MASTER_KEY: "sk-master-from-yaml",
};

function sources(overrides: Partial<ConfigSources> = {}): ConfigSources {
  return { lookupEnv: (name) => env[name], ...overrides };
}

const realistic = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      rpm: 500
      weight: 2
    model_info:
      access_groups: [general]
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o-eu
      api_base: https://eu-resource.openai.azure.com/
      api_key: os.environ/AZURE_API_KEY
      api_version: "2024-10-21"
      timeout: 30
      input_cost_per_token: 0.000002
      output_cost_per_token: 0.000008
    model_info:
      id: azure-eu-gpt-4o
      base_model: azure/gpt-4o
  - model_name: claude-sonnet
    litellm_params:
      model: anthropic/claude-sonnet-4-5
      api_key: os.environ/ANTHROPIC_API_KEY
  - model_name: llama-fast
    litellm_params:
      model: groq/llama-3.1-8b-instant
      api_key: os.environ/GROQ_API_KEY
      tpm: 100000
    model_info:
      access_groups: [general, cheap]
  - model_name: embed-small
    litellm_params:
      model: text-embedding-3-small
      api_key: os.environ/OPENAI_API_KEY
    model_info:
      mode: embedding
router_settings:
  routing_strategy: least-busy
  num_retries: 3
  allowed_fails: 1
  cooldown_time: 30
  timeout: 120
litellm_settings:
  drop_params: true
  success_callback: ["langfuse"]
general_settings:
  master_key: os.environ/MASTER_KEY
  max_request_size_mb: 2
  proxy_batch_write_at: 10
`;

describe("parseConfig: a realistic LiteLLM config", () => {
  const config = parseConfig(realistic, "config.yaml", sources());
  const [openai, azure, claude, groq, embed] = config.deployments;

  it("compiles one deployment per model_list entry, two of them in the gpt-4o group", () => {
    expect(config.deployments.map((d) => d.modelGroup)).toEqual(["gpt-4o", "gpt-4o", "claude-sonnet", "llama-fast", "embed-small"]);
    expect(config.source).toBe("config.yaml");
  });

  it("resolves an OpenAI deployment with its default base and env key", () => {
    expect(openai).toMatchObject({
      provider: "openai",
      providerPrefix: "openai",
      upstreamModel: "gpt-4o",
      apiBase: "https://api.openai.com/v1",
      apiKey: "sk-openai-secret",
      rpm: 500,
      weight: 2,
      mode: "chat",
      accessGroups: ["general"],
    });
    expect(openai.priceOverride).toBeUndefined();
    expect(openai.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps Azure's api_version, strips the trailing slash of api_base and uses the entry's own timeout", () => {
    expect(azure).toMatchObject({
      id: "azure-eu-gpt-4o",
      provider: "azure",
      providerPrefix: "azure",
      upstreamModel: "gpt-4o-eu",
      apiBase: "https://eu-resource.openai.azure.com",
      apiKey: "azure-secret",
      apiVersion: "2024-10-21",
      timeoutMs: 30_000,
      baseModel: "azure/gpt-4o",
      priceOverride: { inputCostPerToken: 0.000002, outputCostPerToken: 0.000008 },
    });
  });

  it("gives Anthropic and an OpenAI-compatible prefix their default bases", () => {
    expect(claude).toMatchObject({ provider: "anthropic", upstreamModel: "claude-sonnet-4-5", apiBase: "https://api.anthropic.com" });
    expect(groq).toMatchObject({
      provider: "openai_compatible",
      providerPrefix: "groq",
      upstreamModel: "llama-3.1-8b-instant",
      apiBase: "https://api.groq.com/openai/v1",
      tpm: 100_000,
      accessGroups: ["general", "cheap"],
    });
  });

  it("takes timeoutMs from router_settings.timeout when the entry has none", () => {
    expect(openai.timeoutMs).toBe(120_000);
    expect(claude.timeoutMs).toBe(120_000);
  });

  it("defaults mode to chat and honours model_info.mode", () => {
    expect(claude.mode).toBe("chat");
    expect(embed).toMatchObject({ mode: "embedding", provider: "openai", upstreamModel: "text-embedding-3-small" });
  });

  it("reads router_settings, the master key and the body limit", () => {
    expect(config.router).toEqual({ routingStrategy: "least-busy", numRetries: 3, allowedFails: 1, cooldownSeconds: 30, timeoutSeconds: 120 });
    expect(config.masterKey).toBe("sk-master-from-yaml");
    expect(config.maxBodyBytes).toBe(2 * 1024 * 1024);
  });

  it("reads LiteLLM's proxy_batch_write_at (seconds) as the spend write interval", () => {
    expect(config.spendWriteIntervalMs).toBe(10_000);
  });

  it("names what it does not act on in litellm_settings, and nothing else", () => {
    expect(config.warnings).toEqual([
      'litellm_settings.success_callback[0]: "langfuse" needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY not set, so nothing is sent to Langfuse',
    ]);
  });

  it("never exposes api keys in the public params or model info", () => {
    for (const deployment of config.deployments) {
      expect(deployment.publicParams).not.toHaveProperty("api_key");
      const shown = JSON.stringify([deployment.publicParams, deployment.publicModelInfo]);
      for (const secret of Object.values(env)) expect(shown).not.toContain(secret);
      expect(deployment.publicModelInfo.id).toBe(deployment.id);
    }
  });
});

describe("parseConfig: defaults and env fallbacks", () => {
  const minimal = "model_list:\n  - model_name: m\n    litellm_params:\n      model: gpt-4o-mini\n";

  it("uses LiteLLM's router defaults and a 600 s timeout", () => {
    const config = parseConfig(minimal, "c.yaml", sources());
    expect(config.router).toEqual({ routingStrategy: "simple-shuffle", numRetries: 2, allowedFails: 3, cooldownSeconds: 5, timeoutSeconds: 600 });
    expect(config.deployments[0].timeoutMs).toBe(600_000);
    expect(config.maxBodyBytes).toBeUndefined();
    expect(config.spendWriteIntervalMs).toBeUndefined();
  });

  it("treats an empty file as no models", () => {
    expect(parseConfig("", "empty.yaml", sources()).deployments).toEqual([]);
  });

  it("prefers general_settings.master_key over the environment's", () => {
    const withKey = `${minimal}general_settings:\n  master_key: sk-from-the-file\n`;
    expect(parseConfig(withKey, "c.yaml", sources({ masterKeyFromEnv: "sk-from-env-var" })).masterKey).toBe("sk-from-the-file");
    expect(parseConfig(minimal, "c.yaml", sources({ masterKeyFromEnv: "sk-from-env-var" })).masterKey).toBe("sk-from-env-var");
    expect(parseConfig(minimal, "c.yaml", sources()).masterKey).toBeUndefined();
  });

  it("applies AZURE_API_VERSION to azure deployments only, and never over api_version", () => {
    const text = `
model_list:
  - model_name: a
    litellm_params: { model: azure/dep-a, api_base: "https://r.openai.azure.com" }
  - model_name: b
    litellm_params: { model: azure/dep-b, api_base: "https://r.openai.azure.com", api_version: "2024-10-21" }
  - model_name: c
    litellm_params: { model: openai/gpt-4o }
  - model_name: d
    litellm_params: { model: hosted_vllm/llama, api_base: "http://vllm:8000/v1" }
`;
    const [a, b, c, d] = parseConfig(text, "c.yaml", sources({ azureApiVersionFromEnv: "2025-04-01-preview" })).deployments;
    expect(a.apiVersion).toBe("2025-04-01-preview");
    expect(b.apiVersion).toBe("2024-10-21");
    expect(c.apiVersion).toBeUndefined();
    expect(d.apiVersion).toBeUndefined();
  });

  it("sets priceOverride when only one of the two prices is given", () => {
    const text = "model_list:\n  - model_name: m\n    litellm_params:\n      model: openai/ft:gpt-4o:acme\n      output_cost_per_token: 0.00002\n";
    expect(parseConfig(text, "c.yaml", sources()).deployments[0].priceOverride).toEqual({
      inputCostPerToken: undefined,
      outputCostPerToken: 0.00002,
    });
  });
});
