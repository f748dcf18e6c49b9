import { describe, expect, it } from "vitest";
import { parseConfig } from "./load-config";

const serviceAccountJson = '{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----x"}';

function load(text: string, env: Record<string, string> = {}) {
  return parseConfig(text, "config.yaml", { lookupEnv: (name) => env[name] });
}

describe("Google providers in config.yaml", () => {
  it("reads vertex_project, vertex_location and vertex_credentials (LiteLLM's vertex_ai_ spellings too), needing no api_base", () => {
    const config = load(`
model_list:
  - model_name: gemini
    litellm_params: { model: vertex_ai/gemini-2.5-flash, vertex_project: p1, vertex_location: global, vertex_credentials: /etc/sa.json }
  - model_name: claude
    litellm_params: { model: vertex_ai_beta/claude-sonnet-4@20250514, vertex_ai_project: p2, vertex_ai_location: europe-west1 }
  - model_name: flash
    litellm_params: { model: gemini/gemini-2.0-flash, api_key: AIza-key }
`);
    const [gemini, claude, flash] = config.deployments;
    expect(gemini).toMatchObject({
      provider: "vertex_ai",
      providerPrefix: "vertex_ai",
      upstreamModel: "gemini-2.5-flash",
      apiBase: "",
      vertex: { project: "p1", location: "global", credentials: "/etc/sa.json" },
    });
    expect(claude).toMatchObject({ provider: "vertex_ai", providerPrefix: "vertex_ai_beta", vertex: { project: "p2", location: "europe-west1" } });
    expect(flash).toMatchObject({ provider: "gemini", upstreamModel: "gemini-2.0-flash", apiBase: "", apiKey: "AIza-key" });
    expect(flash.vertex).toBeUndefined();
  });

  it("falls back to VERTEXAI_PROJECT, VERTEXAI_LOCATION, GOOGLE_APPLICATION_CREDENTIALS and GEMINI_API_KEY, which the entry's own values beat", () => {
    const env = { VERTEXAI_PROJECT: "env-project", VERTEXAI_LOCATION: "asia-east1", GOOGLE_APPLICATION_CREDENTIALS: "/env/sa.json", GEMINI_API_KEY: "env-gemini-key" };
    const config = load(
      `
model_list:
  - model_name: a
    litellm_params: { model: vertex_ai/gemini-2.5-flash }
  - model_name: b
    litellm_params: { model: vertex_ai/gemini-2.5-flash, vertex_project: own, vertex_location: us-east5 }
  - model_name: c
    litellm_params: { model: gemini/gemini-2.5-flash }
  - model_name: d
    litellm_params: { model: openai/gpt-4o }
`,
      env,
    );
    const [a, b, c, d] = config.deployments;
    expect(a.vertex).toEqual({ project: "env-project", location: "asia-east1", credentials: "/env/sa.json" });
    expect(b.vertex).toEqual({ project: "own", location: "us-east5", credentials: "/env/sa.json" });
    expect(c.apiKey).toBe("env-gemini-key");
    expect(d.apiKey).toBeUndefined();
    expect(load("model_list:\n  - model_name: a\n    litellm_params: { model: vertex_ai/gemini-2.5-flash }\n").deployments[0].vertex).toEqual({ location: "us-central1" });
  });

  it("takes a credential_list entry's Vertex values", () => {
    const config = load(`
credential_list:
  - credential_name: vertex-prod
    credential_values: { vertex_project: cred-project, vertex_location: us-east1, vertex_credentials: '${serviceAccountJson}' }
model_list:
  - model_name: a
    litellm_params: { model: vertex_ai/gemini-2.5-flash, litellm_credential_name: vertex-prod }
`);
    expect(config.deployments[0].vertex).toEqual({ project: "cred-project", location: "us-east1", credentials: serviceAccountJson });
  });

  it("keeps the service account out of the public params, as it does api_key", () => {
    const config = load(`
model_list:
  - model_name: a
    litellm_params: { model: vertex_ai/gemini-2.5-flash, vertex_project: p, vertex_credentials: '${serviceAccountJson}' }
`);
    expect(config.deployments[0].publicParams).toEqual({ model: "vertex_ai/gemini-2.5-flash", vertex_project: "p" });
    expect(config.warnings).toEqual([]);
  });
});
