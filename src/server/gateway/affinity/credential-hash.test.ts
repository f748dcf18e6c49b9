import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { credentialHashOf } from "./credential-hash";

const key = "sk-proj-org-one-secret-key";
const credentials = { apiBase: "https://api.openai.com/v1", apiKey: key, organization: "org-one" };

describe("credentialHashOf", () => {
  it("is the same for separate deployments with the same api_base, key and organisation", () => {
    const a = testDeployment("dep-a", credentials);
    const b = testDeployment("dep-b", { ...credentials, modelGroup: "gpt-4o-mini", upstreamModel: "gpt-4o-mini", rpm: 10, weight: 3 });
    expect(credentialHashOf(a)).toBe(credentialHashOf(b));
    expect(credentialHashOf(testDeployment("dep-a", credentials))).toBe(credentialHashOf(a));
  });

  it.each([
    ["api_base", { apiBase: "https://eu.api.openai.com/v1" }],
    ["key", { apiKey: "sk-proj-org-two-secret-key" }],
    ["organisation", { organization: "org-two" }],
    ["missing key", { apiKey: undefined }],
    ["missing organisation", { organization: undefined }],
  ])("differs when the %s differs", (_name, change) => {
    expect(credentialHashOf(testDeployment("dep-b", { ...credentials, ...change }))).not.toBe(credentialHashOf(testDeployment("dep-a", credentials)));
  });

  it("does not mistake one field's text for another's", () => {
    const a = testDeployment("a", { apiBase: "https://x.test", apiKey: "k", organization: undefined });
    const b = testDeployment("b", { apiBase: "https://x.test", apiKey: undefined, organization: "k" });
    expect(credentialHashOf(a)).not.toBe(credentialHashOf(b));
  });

  it("is 32 hex characters and never contains the key, whole or in part", () => {
    const hash = credentialHashOf(testDeployment("dep-a", credentials));
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toContain(key);
    expect(hash).not.toContain("secret");
  });

  it("treats Vertex AI as its own boundary: the project and service account, whatever the region", () => {
    const vertex = (location: string, project = "proj-a", credentials = "/secrets/a.json") =>
      testDeployment(`vertex-${location}`, {
        provider: "vertex_ai",
        providerPrefix: "vertex_ai",
        upstreamModel: "claude-sonnet-4@20250514",
        apiBase: "",
        vertex: { project, location, credentials },
      });
    expect(credentialHashOf(vertex("us-east5"))).toBe(credentialHashOf(vertex("europe-west1")));
    expect(credentialHashOf(vertex("us-east5", "proj-b"))).not.toBe(credentialHashOf(vertex("us-east5")));
    expect(credentialHashOf(vertex("us-east5", "proj-a", "/secrets/b.json"))).not.toBe(credentialHashOf(vertex("us-east5")));
    const anthropic = testDeployment("anthropic", { provider: "anthropic", providerPrefix: "anthropic", apiBase: "", apiKey: undefined, organization: undefined });
    expect(credentialHashOf(anthropic)).not.toBe(credentialHashOf(vertex("us-east5")));
  });

  it("bounds Bedrock deployments by their AWS account's key, not only by the region's host", () => {
    const bedrock = (id: string, accessKeyId: string) =>
      testDeployment(id, { provider: "bedrock", apiBase: "https://bedrock-runtime.us-east-1.amazonaws.com", aws: { region: "us-east-1", accessKeyId, secretAccessKey: "s" } });
    expect(credentialHashOf(bedrock("a", "AKIAONE"))).toBe(credentialHashOf(bedrock("b", "AKIAONE")));
    expect(credentialHashOf(bedrock("a", "AKIAONE"))).not.toBe(credentialHashOf(bedrock("b", "AKIATWO")));
    expect(credentialHashOf(bedrock("a", "AKIAONE"))).not.toBe(credentialHashOf(testDeployment("c", { apiBase: "https://api.anthropic.com", apiKey: "AKIAONE" })));
  });
});
