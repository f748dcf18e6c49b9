import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig, type ConfigSources } from "./load-config";

const sources: ConfigSources = { lookupEnv: (name) => ({ AZURE_API_KEY: "azure-key-from-env", OPENAI_API_KEY: "sk-x" })[name] };

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, "c.yaml", sources);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError, the config loaded");
}

describe("values read as LiteLLM reads them", () => {
  it("takes an empty settings section (null in YAML) as empty, as LiteLLM's proxy does", () => {
    const config = parseConfig("model_list:\n  - model_name: a\n    litellm_params: { model: gpt-4o }\ngeneral_settings:\nlitellm_settings:\nrouter_settings:\n", "c.yaml", sources);
    expect(config.deployments).toHaveLength(1);
    expect(config.masterKey).toBeUndefined();
    expect(parseConfig("model_list:\ncredential_list:\n", "c.yaml", sources).deployments).toEqual([]);
  });

  it("takes a key with no value as unset, so the provider's environment variable applies", () => {
    const config = parseConfig(
      "model_list:\n  - model_name: a\n    litellm_params:\n      model: azure/gpt-turbo\n      api_base: https://x.openai.azure.com\n      api_version: '2024-10-21'\n      api_key:\n",
      "c.yaml",
      sources,
    );
    expect(config.deployments[0]?.apiKey).toBe("azure-key-from-env");
  });

  it("does not send a generation default that is not a number, and says so by path", () => {
    const config = parseConfig("model_list:\n  - model_name: a\n    litellm_params:\n      model: gpt-4o\n      temperature: <your-temp>\n      top_p: 0.5\n", "c.yaml", sources);
    expect(config.deployments[0]?.requestDefaults).toEqual({ top_p: 0.5 });
    expect(config.warnings).toContainEqual(expect.stringMatching(/^model_list\[0\]\.litellm_params\.temperature: "<your-temp>" is not a number, so it is not sent/));
  });

  it("reads custom_llm_provider as the model's prefix and an entry's own rpm/tpm as litellm_params, as LiteLLM's Router does", () => {
    const config = parseConfig(
      "model_list:\n  - model_name: a\n    litellm_params: { model: llama-3.1-8b-instant, custom_llm_provider: groq }\n    rpm: 3\n    tpm: 20000\n",
      "c.yaml",
      sources,
    );
    expect(config.deployments[0]).toMatchObject({ providerPrefix: "groq", upstreamModel: "llama-3.1-8b-instant", rpm: 3, tpm: 20000 });
    expect(config.warnings.filter((warning) => /rpm|tpm|custom_llm_provider/.test(warning))).toEqual([]);
  });

  it("warns that litellm_params.max_retries is not used (retries go to other deployments)", () => {
    const config = parseConfig("model_list:\n  - model_name: a\n    litellm_params: { model: gpt-4o, max_retries: 3 }\n", "c.yaml", sources);
    expect(config.warnings).toContainEqual(expect.stringMatching(/^model_list\[0\]\.litellm_params\.max_retries: not used/));
  });

  it("says what to change for a missing model_name, a misindented litellm_params and an unquoted date", () => {
    expect(problemsOf("model_list:\n  - model: a\n    litellm_params: { model: gpt-4o }\n")).toContain("model_list[0].model_name: is required");
    expect(problemsOf("model_list:\n  - model_name: a\n    litellm_params:\n    model: gpt-4o\n")).toContain(
      "model_list[0].litellm_params: has no value; the keys meant to be under it must be indented below it",
    );
    expect(problemsOf("model_list:\n  - model_name: a\n    litellm_params: { model: azure/x, api_base: https://x.openai.azure.com, api_version: 2024-06-01 }\n")).toContain(
      'model_list[0].litellm_params.api_version: YAML reads the unquoted 2024-06-01 as a date, which LiteLLM refuses too; quote it: "2024-06-01"',
    );
  });
});
