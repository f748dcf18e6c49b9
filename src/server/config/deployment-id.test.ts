import { describe, expect, it } from "vitest";
import { deriveDeploymentId } from "./deployment-id";
import { parseConfig } from "./load-config";

function idsOf(text: string, env: Record<string, string> = {}): string[] {
  return parseConfig(text, "c.yaml", { lookupEnv: (name) => env[name] }).deployments.map((deployment) => deployment.id);
}

const entry = `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o-eu
      api_base: https://eu.openai.azure.com
      api_key: os.environ/AZURE_KEY
      rpm: 100
`;

describe("deployment ids", () => {
  it("are the same for the same entry across parses", () => {
    const first = idsOf(entry, { AZURE_KEY: "k" });
    expect(first[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(idsOf(entry, { AZURE_KEY: "k" })).toEqual(first);
  });

  it("do not depend on key order", () => {
    const reordered = `model_list:
  - litellm_params:
      rpm: 100
      api_key: os.environ/AZURE_KEY
      api_base: https://eu.openai.azure.com
      model: azure/gpt-4o-eu
    model_name: gpt-4o
`;
    expect(idsOf(reordered, { AZURE_KEY: "k" })).toEqual(idsOf(entry, { AZURE_KEY: "k" }));
    expect(deriveDeploymentId("g", { a: 1, b: { c: 2, d: [1, { e: 3, f: 4 }] } })).toBe(deriveDeploymentId("g", { b: { d: [1, { f: 4, e: 3 }], c: 2 }, a: 1 }));
  });

  it("differ when a param, the model group, or array order differs", () => {
    const base = idsOf(entry, { AZURE_KEY: "k" })[0];
    expect(idsOf(entry.replace("rpm: 100", "rpm: 101"), { AZURE_KEY: "k" })[0]).not.toBe(base);
    expect(idsOf(entry.replace("model_name: gpt-4o", "model_name: gpt-4o-eu"), { AZURE_KEY: "k" })[0]).not.toBe(base);
    expect(deriveDeploymentId("g", { list: [1, 2] })).not.toBe(deriveDeploymentId("g", { list: [2, 1] }));
  });

  it("hash env references as written, so a rotated secret keeps the id", () => {
    expect(idsOf(entry, { AZURE_KEY: "old-secret" })).toEqual(idsOf(entry, { AZURE_KEY: "new-secret" }));
    expect(idsOf(entry.replace("AZURE_KEY", "OTHER_KEY"), { OTHER_KEY: "old-secret" })).not.toEqual(idsOf(entry, { AZURE_KEY: "old-secret" }));
  });

  it("give two identical entries in different groups different ids", () => {
    const twoGroups = `model_list:
  - model_name: a
    litellm_params: { model: gpt-4o }
  - model_name: b
    litellm_params: { model: gpt-4o }
`;
    const [a, b] = idsOf(twoGroups);
    expect(a).not.toBe(b);
  });

  it("yield to model_info.id when one is given", () => {
    expect(idsOf(entry.replace("rpm: 100", "rpm: 100\n    model_info:\n      id: my-id"), { AZURE_KEY: "k" })).toEqual(["my-id"]);
  });
});
