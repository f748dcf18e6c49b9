import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig } from "./load-config";

// LiteLLM's reusable credentials: config.yaml's credential_list applied at load, and names the
// list does not have left for credentials stored at run time.

const env: Record<string, string> = { OPENAI_API_KEY: "sk-openai-from-env-0001", AZURE_KEY: "azure-from-env-0002" };
const load = (text: string, azureApiVersionFromEnv?: string) => parseConfig(text, "credentials.yaml", { lookupEnv: (name) => env[name], azureApiVersionFromEnv });

function problemsOf(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("credential_list", () => {
  const config = load(`
credential_list:
  - credential_name: openai-prod
    credential_values: { api_key: os.environ/OPENAI_API_KEY, organization: org-prod }
    credential_info: { description: production account }
  - credential_name: azure-eu
    credential_values: { api_key: os.environ/AZURE_KEY, api_base: "https://eu.openai.azure.com/", api_version: "2024-10-21" }
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: openai-prod }
  - model_name: gpt-4o-other-org
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: openai-prod, organization: org-other }
  - model_name: azure-gpt-4o
    litellm_params: { model: azure/gpt-4o-eu, litellm_credential_name: azure-eu }
  - model_name: stored
    litellm_params: { model: azure/gpt-4o-stored, litellm_credential_name: added-at-run-time }
`);
  const byGroup = (group: string) => config.deployments.find((deployment) => deployment.modelGroup === group)!;

  it("fills in what an entry leaves unset, the entry's own values winning", () => {
    expect(byGroup("gpt-4o")).toMatchObject({ apiKey: "sk-openai-from-env-0001", organization: "org-prod", apiBase: "https://api.openai.com/v1", storedCredential: undefined });
    expect(byGroup("gpt-4o-other-org")).toMatchObject({ apiKey: "sk-openai-from-env-0001", organization: "org-other" });
    // An api_base from the credential satisfies a provider that needs one.
    expect(byGroup("azure-gpt-4o")).toMatchObject({ provider: "azure", apiBase: "https://eu.openai.azure.com", apiKey: "azure-from-env-0002", apiVersion: "2024-10-21" });
    expect(config.credentials.map((credential) => credential.name)).toEqual(["openai-prod", "azure-eu"]);
    expect(config.credentials[0].info).toEqual({ description: "production account" });
    expect(config.warnings).toEqual([]);
  });

  it("leaves a name it does not list to a stored credential, read per request", () => {
    expect(byGroup("stored")).toMatchObject({ provider: "azure", apiBase: "", apiKey: undefined });
    expect(byGroup("stored").storedCredential).toEqual({ name: "added-at-run-time", model: "azure/gpt-4o-stored", own: {}, azureApiVersionFromEnv: undefined });
    // The name is not secret: /model/info shows it as LiteLLM does.
    expect(byGroup("stored").publicParams.litellm_credential_name).toBe("added-at-run-time");
  });

  it("reports what cannot work when the file loads", () => {
    expect(
      problemsOf(`
credential_list:
  - credential_name: twice
    credential_values: { api_key: a }
  - credential_name: twice
    credential_values: { api_key: b }
  - credential_name: no-base
    credential_values: { api_key: c, api_base: not a url }
  - credential_values: { api_key: d }
model_list:
  - model_name: azure
    litellm_params: { model: azure/x, litellm_credential_name: twice }
`),
    ).toEqual(["credential_list[2].credential_values.api_base: must be an http(s) URL", "credential_list[3].credential_name: is required"]);
    expect(
      problemsOf(`
credential_list:
  - credential_name: twice
    credential_values: { api_key: a }
  - credential_name: twice
    credential_values: { api_key: b }
model_list:
  - model_name: azure
    litellm_params: { model: azure/x, litellm_credential_name: twice }
`),
    ).toEqual([
      'credential_list[1].credential_name: "twice" is listed twice',
      'model_list[0].litellm_params.api_base: is required for provider "azure" (credential "twice" gives none either)',
    ]);
  });

  it("warns about credential fields it does not use, as for every other section", () => {
    const loaded = load(`
credential_list:
  - credential_name: bedrock
    credential_values: { aws_access_key_id: AKIA-example, aws_profile_name: dev }
    credential_extra: 1
model_list: []
`);
    expect(loaded.warnings).toEqual([
      "credential_list[0].credential_extra: not used by Switchyard, ignored",
      "credential_list[0].credential_values.aws_profile_name: not used by Switchyard, ignored",
    ]);
  });
});
