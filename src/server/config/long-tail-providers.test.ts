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

describe("LiteLLM's rarer OpenAI-compatible prefixes", () => {
  it.each([
    ["amazon_nova/nova-micro-v1", "https://api.nova.amazon.com/v1", "nova-micro-v1"],
    ["ai21/jamba-large", "https://api.ai21.com/studio/v1", "jamba-large"],
    ["baseten/openai/gpt-oss-120b", "https://inference.baseten.co/v1", "openai/gpt-oss-120b"],
    ["baseten/abcd1234", "https://model-abcd1234.api.baseten.co/environments/production/sync/v1", "abcd1234"],
    ["clarifai/openai.chat-completion.gpt-oss-20b", "https://api.clarifai.com/v2/ext/openai/v1", "https://clarifai.com/openai/chat-completion/models/gpt-oss-20b"],
    ["ovhcloud/Meta-Llama-3_3-70B-Instruct", "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1", "Meta-Llama-3_3-70B-Instruct"],
    ["chutes/deepseek-ai/DeepSeek-R1", "https://llm.chutes.ai/v1", "deepseek-ai/DeepSeek-R1"],
    ["docker_model_runner/llama-3.1", "http://localhost:12434/engines/v1", "llama-3.1"],
  ])("%s goes to %s as %s", (model, apiBase, upstreamModel) => {
    expect(resolveProvider(model, undefined)).toMatchObject({ ok: true, provider: "openai_compatible", apiBase, upstreamModel });
  });

  it("sends a RAGFlow chat's model to that chat's endpoint under the configured server", () => {
    expect(resolveProvider("ragflow/chat/my-chat-id/gpt-4o-mini", "http://127.0.0.1:9380/v1")).toMatchObject({
      ok: true,
      apiBase: "http://127.0.0.1:9380/api/v1/chats_openai/my-chat-id",
      upstreamModel: "gpt-4o-mini",
    });
    expect(resolveProvider("ragflow/agent/a1/gpt-4o", "http://127.0.0.1:9380/api/v1")).toMatchObject({ apiBase: "http://127.0.0.1:9380/api/v1/agents_openai/a1" });
    expect(resolveProvider("ragflow/gpt-4o", "http://127.0.0.1:9380")).toMatchObject({ ok: false, problem: expect.stringContaining("ragflow/chat/<chat id>/<model>") });
  });

  it("takes each provider's key from LiteLLM's variable for it, and Sarvam's in its own header too", () => {
    const env: Record<string, string> = { STIMA_API_KEY: "stima", NANOGPT_API_KEY: "nano", SARVAM_API_KEY: "sarvam", BEDROCK_MANTLE_API_KEY: "mantle", AWS_REGION: "eu-west-1" };
    const config = parseConfig(
      `model_list:
  - { model_name: a, litellm_params: { model: apertis/m } }
  - { model_name: b, litellm_params: { model: nano-gpt/m } }
  - { model_name: c, litellm_params: { model: sarvam/sarvam-m } }
  - { model_name: d, litellm_params: { model: bedrock_mantle/openai.gpt-oss-120b } }
`,
      "c.yaml",
      { lookupEnv: (name) => env[name] },
    );
    expect(config.deployments.map((deployment) => deployment.apiKey)).toEqual(["stima", "nano", "sarvam", "mantle"]);
    expect(config.deployments[2]?.extraHeaders).toEqual({ "api-subscription-key": "sarvam" });
    expect(config.deployments[3]?.apiBase).toBe("https://bedrock-mantle.eu-west-1.api.aws/v1");
  });

  it("warns when Bedrock Mantle has no bearer token (LiteLLM would sign with SigV4)", () => {
    const config = load(`  - model_name: m\n    litellm_params: { model: bedrock_mantle/openai.gpt-oss-20b, aws_region_name: us-west-2 }\n`);
    expect(config.deployments[0]?.apiBase).toBe("https://bedrock-mantle.us-west-2.api.aws/v1");
    expect(config.warnings).toContainEqual(expect.stringMatching(/^model_list\[0\]\.litellm_params\.api_key: .*SigV4/));
  });

  it("starts prompt-management and sign-in prefixes with a warning, served as 501", () => {
    const config = load(`  - model_name: p\n    litellm_params: { model: langfuse/gpt-4o, prompt_id: abc }\n  - model_name: g\n    litellm_params: { model: github_copilot/gpt-4 }\n`);
    expect(config.deployments.map((deployment) => deployment.provider)).toEqual(["unservable", "unservable"]);
    expect(config.warnings.join("\n")).toContain("prompt management");
  });
});
