import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load-config";
import type { Deployment } from "../../config/types";
import { azureProvider, usesAzureV1Paths } from "./azure";
import type { Operation } from "./types";

/** An Azure deployment compiled from config, so api_base goes through the same normalisation as in production. */
function azure(apiBase: string, apiVersion?: string): Deployment {
  const version = apiVersion === undefined ? "" : `\n      api_version: "${apiVersion}"`;
  const text = `model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o-eu\n      api_base: ${apiBase}\n      api_key: azure-deployment-key${version}\n`;
  return parseConfig(text, "c.yaml", { lookupEnv: () => undefined }).deployments[0];
}

function url(deployment: Deployment, operation: Operation = "chat"): string {
  return azureProvider.buildRequest(operation, deployment, { model: "gpt-4o", messages: [] }).url;
}

const base = "https://eu-resource.openai.azure.com";

describe("Azure URLs", () => {
  it("uses the v1 surface without api-version when none, preview, latest or v1 is configured", () => {
    for (const version of [undefined, "preview", "latest", "v1"]) {
      expect(url(azure(base, version))).toBe(`${base}/openai/v1/chat/completions`);
      expect(usesAzureV1Paths(version)).toBe(true);
    }
    expect(url(azure(base), "responses")).toBe(`${base}/openai/v1/responses`);
    expect(url(azure(base), "embeddings")).toBe(`${base}/openai/v1/embeddings`);
  });

  it("uses the per-deployment path with ?api-version= for a dated version", () => {
    expect(url(azure(base, "2024-10-21"))).toBe(`${base}/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21`);
    expect(url(azure(base, "2025-04-01-preview"), "embeddings")).toBe(`${base}/openai/deployments/gpt-4o-eu/embeddings?api-version=2025-04-01-preview`);
    expect(url(azure(base, "2025-04-01-preview"), "responses")).toBe(`${base}/openai/responses?api-version=2025-04-01-preview`);
    expect(usesAzureV1Paths("2024-10-21")).toBe(false);
  });

  it("accepts an api_base that already ends in /openai or /openai/v1", () => {
    for (const written of [`${base}/`, `${base}/openai`, `${base}/openai/`, `${base}/openai/v1`]) {
      expect(url(azure(written))).toBe(`${base}/openai/v1/chat/completions`);
      expect(url(azure(written, "2024-10-21"))).toBe(`${base}/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21`);
    }
  });
});

describe("Azure request", () => {
  const request = azureProvider.buildRequest("chat", azure(base, "2024-10-21"), {
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  });

  it("authenticates with api-key and never with authorization", () => {
    expect(request.method).toBe("POST");
    expect(request.headers).toEqual({ "content-type": "application/json", "api-key": "azure-deployment-key" });
  });

  it("sends the client's body with the deployment name as model and usage requested", () => {
    expect(JSON.parse(request.body!)).toEqual({
      model: "gpt-4o-eu",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
