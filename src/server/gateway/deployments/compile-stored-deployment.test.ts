import { describe, expect, it } from "vitest";
import { compileStoredEntry, type StoredEntry } from "./compile-stored-deployment";
import { joinParams, splitParams } from "./stored-params";

const sources = { configCredentials: [{ name: "config-openai", values: { api_key: "sk-config-credential-000001" }, info: {} }], azureApiVersionFromEnv: "2024-10-21" };
const entry = (params: Record<string, unknown>, modelInfo: Record<string, unknown> = {}): StoredEntry => ({ id: "d-1", modelName: "group", params, modelInfo });

describe("compileStoredEntry", () => {
  it("compiles every provider as config.yaml would, with the id given and db_model set", () => {
    const azure = compileStoredEntry(entry({ model: "azure/my-deployment", api_base: "https://r.openai.azure.com", api_key: "k" }, { base_model: "azure/gpt-4o" }), sources);
    expect(azure).toMatchObject({ ok: true, deployment: { id: "d-1", provider: "azure", apiVersion: "2024-10-21", baseModel: "azure/gpt-4o", storedApiBase: true } });
    const bedrock = compileStoredEntry(
      entry({ model: "bedrock/anthropic.claude-3-haiku", aws_region_name: "eu-west-1", aws_access_key_id: "AKIAEXAMPLE0000000", aws_secret_access_key: "s" }),
      sources,
    );
    expect(bedrock).toMatchObject({ ok: true, deployment: { provider: "bedrock", publicModelInfo: { db_model: true } } });
    expect(bedrock.ok && bedrock.deployment.storedApiBase).toBeUndefined();
    const groq = compileStoredEntry(entry({ model: "groq/llama-3.1-8b", api_key: "k" }, { access_groups: ["fast"], input_cost_per_token: 1e-7, cache_read_input_token_cost: 1e-8 }), sources);
    expect(groq).toMatchObject({ ok: true, deployment: { providerPrefix: "groq", accessGroups: ["fast"], priceOverride: { inputCostPerToken: 1e-7, cacheReadInputTokenCost: 1e-8 } } });
  });

  it("never reads the environment: references are refused and no fallback key applies", () => {
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", api_key: "os.environ/OPENAI_API_KEY" }), sources)).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^litellm_params\.api_key: os\.environ\/ references are read only in config\.yaml/)],
    });
    const bare = compileStoredEntry(entry({ model: "openai/gpt-4o" }), sources);
    expect(bare.ok && bare.deployment.apiKey).toBeUndefined();
    expect(compileStoredEntry(entry({ model: "vertex_ai/gemini-2.5-pro", vertex_credentials: "/etc/creds.json" }), sources)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining("vertex_credentials")],
    });
  });

  it("reports the compiler's problems by path, without the model_list prefix", () => {
    expect(compileStoredEntry(entry({ model: "nope/x" }), sources)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^litellm_params\.model: /)] });
    expect(compileStoredEntry(entry({ model: "hosted_vllm/llama" }), sources)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^litellm_params\.api_base: is required/)] });
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", rpm: -1 }), sources)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^litellm_params\.rpm: /)] });
  });

  it("never lets a stored credential's key follow an api_base the deployment names", () => {
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", litellm_credential_name: "stored-openai" }), sources)).toMatchObject({
      ok: true,
      deployment: { storedCredential: { name: "stored-openai" } },
    });
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", litellm_credential_name: "stored-openai", api_base: "https://collector.example.net/v1" }), sources)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('credential "stored-openai" keeps its secrets for its own endpoint')],
    });
    expect(
      compileStoredEntry(entry({ model: "openai/gpt-4o", litellm_credential_name: "stored-openai", api_base: "https://mine.example.net/v1", api_key: "sk-mine" }), sources),
    ).toMatchObject({ ok: true });
  });

  it("keeps a config.yaml credential's key on the endpoints config.yaml names", () => {
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", litellm_credential_name: "config-openai" }), sources)).toMatchObject({
      ok: true,
      deployment: { apiKey: "sk-config-credential-000001" },
    });
    expect(compileStoredEntry(entry({ model: "openai/gpt-4o", litellm_credential_name: "config-openai", api_base: "https://elsewhere.example.com" }), sources)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('credential "config-openai" is config.yaml\'s')],
    });
  });
});

describe("splitParams / joinParams", () => {
  it("seals secrets (extra_headers as JSON) and gives the same params back", () => {
    const params = { model: "openai/gpt-4o", api_key: "k", api_base: "https://x.example.com", extra_headers: { "x-a": "b" }, aws_secret_access_key: "s", rpm: 3 };
    const { publicParams, secrets } = splitParams(params);
    expect(publicParams).toEqual({ model: "openai/gpt-4o", api_base: "https://x.example.com", rpm: 3 });
    expect(secrets).toEqual({ api_key: "k", extra_headers: '{"x-a":"b"}', aws_secret_access_key: "s" });
    expect(joinParams(publicParams, secrets)).toEqual(params);
  });
});
