import { describe, expect, it } from "vitest";
import { parseConfig } from "./load-config";
import { providerOf, resolveProvider } from "./resolve-provider";

const sources = { lookupEnv: (name: string) => (name === "KEY" ? "secret-key-value" : undefined) };

function load(entries: string) {
  return parseConfig(`model_list:\n${entries}`, "c.yaml", sources);
}

describe("long-tail provider prefixes", () => {
  it.each([
    ["nvidia_nim/meta/llama3-70b", "openai_compatible", "https://integrate.api.nvidia.com/v1"],
    ["cerebras/llama3.1-8b", "openai_compatible", "https://api.cerebras.ai/v1"],
    ["minimax/MiniMax-M2.1", "openai_compatible", "https://api.minimax.io/v1"],
    ["moonshot/kimi-k2", "openai_compatible", "https://api.moonshot.ai/v1"],
    ["cohere/command-r", "openai_compatible", "https://api.cohere.ai/compatibility/v1"],
    ["huggingface/together/deepseek-ai/DeepSeek-R1", "huggingface", "https://router.huggingface.co/v1"],
    ["ollama/llama3", "ollama", "http://localhost:11434"],
    ["ollama_chat/llama3", "ollama", "http://localhost:11434"],
  ])("%s -> %s at %s by default", (model, provider, apiBase) => {
    expect(resolveProvider(model, undefined)).toMatchObject({ ok: true, provider, apiBase });
  });

  it("keeps the model after the first slash, whole", () => {
    expect(providerOf("huggingface/together/deepseek-ai/DeepSeek-R1")).toMatchObject({ providerPrefix: "huggingface", upstreamModel: "together/deepseek-ai/DeepSeek-R1" });
  });

  it("requires an api_base where the server is the user's own", () => {
    for (const model of ["databricks/dbrx", "azure_ai/mistral-large", "infinity/bge", "vllm/llama", "hosted_vllm/llama"]) {
      expect(resolveProvider(model, undefined)).toMatchObject({ ok: false, field: "api_base" });
      expect(resolveProvider(model, "http://127.0.0.1:8000")).toMatchObject({ ok: true });
    }
  });

  it("sends Claude on Azure AI Foundry to the Messages API provider, other azure_ai models to the OpenAI-style one", () => {
    expect(providerOf("azure_ai/claude-sonnet-4-5")).toMatchObject({ ok: true, provider: "azure_ai_claude", providerPrefix: "azure_ai" });
    expect(providerOf("azure_ai/Claude-Opus-4-1")).toMatchObject({ provider: "azure_ai_claude" });
    expect(providerOf("azure_ai/mistral-large-2407")).toMatchObject({ provider: "azure_ai" });
  });

  it("still refuses a prefix nobody knows, and a known prefix with no model", () => {
    expect(providerOf("bedrockz/x")).toMatchObject({ ok: false, field: "model" });
    expect(providerOf("ollama/")).toMatchObject({ ok: false, problem: expect.stringContaining("names no model") });
  });
});

describe("prefixes that cannot be served", () => {
  it("start, with a warning by YAML path, and keep their deployment (no api_base needed)", () => {
    const config = load(`  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/KEY }
  - model_name: tts
    litellm_params: { model: aws_polly/neural }
  - model_name: router
    litellm_params: { model: auto_router/complexity_router }
`);
    expect(config.deployments.map((deployment) => [deployment.modelGroup, deployment.provider])).toEqual([
      ["gpt-4o", "openai"],
      ["tts", "unservable"],
      ["router", "unservable"],
    ]);
    const warnings = config.warnings.filter((warning) => warning.includes("cannot be served"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^model_list\[1\]\.litellm_params\.model: "aws_polly\/neural" cannot be served: Amazon Polly is text-to-speech/);
    expect(warnings[0]).toContain('requests to model group "tts"');
    expect(warnings[1]).toMatch(/^model_list\[2\]\.litellm_params\.model: .*LiteLLM's auto router/);
  });

  it("are left out of a group that has deployments Switchyard can serve, so no request there is answered 501", () => {
    const config = load(`  - model_name: chat
    litellm_params: { model: sagemaker/jumpstart-dft-meta-textgeneration-llama-2-7b }
  - model_name: chat
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/KEY }
`);
    expect(config.deployments.map((deployment) => [deployment.modelGroup, deployment.provider])).toEqual([["chat", "openai"]]);
    const [warning] = config.warnings.filter((text) => text.includes("cannot be served"));
    expect(warning).toMatch(/^model_list\[0\]\.litellm_params\.model: .* it is left out of model group "chat", whose other deployments serve its requests$/);
  });

  it("sagemaker waits for AWS signing: it starts and says so", () => {
    const config = load(`  - model_name: jumpstart
    litellm_params: { model: sagemaker/jumpstart-dft-hf-textgeneration1 }
`);
    expect(config.warnings.join("\n")).toContain("SigV4");
  });
});

describe("extra_headers", () => {
  it("are kept for the provider and never shown with the deployment's public params", () => {
    const config = load(`  - model_name: mistral
    litellm_params:
      model: azure_ai/mistral-large
      api_base: https://example.services.ai.azure.com
      api_key: os.environ/KEY
      extra_headers: { extra-parameters: pass-through, x-secret: hidden-value }
`);
    expect(config.deployments[0].extraHeaders).toEqual({ "extra-parameters": "pass-through", "x-secret": "hidden-value" });
    expect(JSON.stringify(config.deployments[0].publicParams)).not.toContain("hidden-value");
    expect(config.warnings.join("\n")).not.toContain("extra_headers");
  });

  it("must be a mapping of strings", () => {
    expect(() => load(`  - model_name: m\n    litellm_params: { model: openai/gpt-4o, extra_headers: [a, b] }\n`)).toThrow(/extra_headers: must be a mapping/);
  });
});
