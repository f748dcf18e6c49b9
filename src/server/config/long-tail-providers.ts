import type { ProviderName } from "./types";

/** Providers of this file with a wire protocol of their own (the rest reuse openai_compatible). */
export type LongTailProviderName = "azure_ai" | "azure_ai_claude" | "ollama" | "huggingface" | "text_completion" | "unservable";

export interface ProviderTarget {
  provider: ProviderName;
  defaultApiBase?: string;
}

/**
 * LiteLLM prefixes beyond the first few, with LiteLLM's default bases. A prefix without a
 * default needs an api_base (a server of the user's own, or an account-specific URL).
 */
export const longTailTargets: Record<string, ProviderTarget> = {
  azure_ai: { provider: "azure_ai" },
  ollama: { provider: "ollama", defaultApiBase: "http://localhost:11434" },
  ollama_chat: { provider: "ollama", defaultApiBase: "http://localhost:11434" },
  huggingface: { provider: "huggingface", defaultApiBase: "https://router.huggingface.co/v1" },
  // OpenAI's legacy Completions API, chat translated to a prompt and back, as LiteLLM does.
  "text-completion-openai": { provider: "text_completion", defaultApiBase: "https://api.openai.com/v1" },
  // OpenAI's wire protocol at another address.
  nvidia_nim: { provider: "openai_compatible", defaultApiBase: "https://integrate.api.nvidia.com/v1" },
  cerebras: { provider: "openai_compatible", defaultApiBase: "https://api.cerebras.ai/v1" },
  minimax: { provider: "openai_compatible", defaultApiBase: "https://api.minimax.io/v1" },
  moonshot: { provider: "openai_compatible", defaultApiBase: "https://api.moonshot.ai/v1" },
  sambanova: { provider: "openai_compatible", defaultApiBase: "https://api.sambanova.ai/v1" },
  meta_llama: { provider: "openai_compatible", defaultApiBase: "https://api.llama.com/compat/v1" },
  codestral: { provider: "openai_compatible", defaultApiBase: "https://codestral.mistral.ai/v1" },
  volcengine: { provider: "openai_compatible", defaultApiBase: "https://ark.cn-beijing.volces.com/api/v3" },
  github: { provider: "openai_compatible", defaultApiBase: "https://models.inference.ai.azure.com" },
  friendliai: { provider: "openai_compatible", defaultApiBase: "https://api.friendli.ai/serverless/v1" },
  nscale: { provider: "openai_compatible", defaultApiBase: "https://inference.api.nscale.com/v1" },
  nebius: { provider: "openai_compatible", defaultApiBase: "https://api.studio.nebius.ai/v1" },
  novita: { provider: "openai_compatible", defaultApiBase: "https://api.novita.ai/v3/openai" },
  hyperbolic: { provider: "openai_compatible", defaultApiBase: "https://api.hyperbolic.xyz/v1" },
  lambda_ai: { provider: "openai_compatible", defaultApiBase: "https://api.lambda.ai/v1" },
  scaleway: { provider: "openai_compatible", defaultApiBase: "https://api.scaleway.ai/v1" },
  dashscope: { provider: "openai_compatible", defaultApiBase: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1" },
  zai: { provider: "openai_compatible", defaultApiBase: "https://api.z.ai/api/paas/v4" },
  featherless_ai: { provider: "openai_compatible", defaultApiBase: "https://api.featherless.ai/v1" },
  vercel_ai_gateway: { provider: "openai_compatible", defaultApiBase: "https://ai-gateway.vercel.sh/v1" },
  jina_ai: { provider: "openai_compatible", defaultApiBase: "https://api.jina.ai/v1" },
  llamafile: { provider: "openai_compatible", defaultApiBase: "http://127.0.0.1:8080/v1" },
  // Cohere's OpenAI compatibility API (chat and embeddings); its rerank has no /v1 counterpart here.
  cohere: { provider: "openai_compatible", defaultApiBase: "https://api.cohere.ai/compatibility/v1" },
  cohere_chat: { provider: "openai_compatible", defaultApiBase: "https://api.cohere.ai/compatibility/v1" },
  // Servers of the user's own: api_base is required. (`vllm/` is LiteLLM's in-process library; here, a vLLM server.)
  vllm: { provider: "openai_compatible" },
  databricks: { provider: "openai_compatible" },
  infinity: { provider: "openai_compatible" },
  xinference: { provider: "openai_compatible" },
  litellm_proxy: { provider: "openai_compatible" },
};

/**
 * LiteLLM prefixes Switchyard knows but cannot serve, with what each is. A config using one
 * starts: the deployment is kept (its model group is listed and access rules can name it), start
 * warns by YAML path, and every request to it is answered 501 in OpenAI's error shape (another
 * deployment of the same group serves it when there is one). Refusing the whole config instead
 * would take down every other model of a file that works in LiteLLM; serving it as another
 * provider would be a silent misroute.
 */
export const unservablePrefixes: Record<string, string> = {
  sagemaker: "Amazon SageMaker endpoints need AWS SigV4 signing, which Switchyard does not do for SageMaker yet",
  sagemaker_chat: "Amazon SageMaker endpoints need AWS SigV4 signing, which Switchyard does not do for SageMaker yet",
  aws_polly: "Amazon Polly is text-to-speech, which Switchyard does not serve",
  elevenlabs: "ElevenLabs is text-to-speech, which Switchyard does not serve",
  deepgram: "Deepgram is speech-to-text, which Switchyard does not serve",
  assemblyai: "AssemblyAI is speech-to-text, which Switchyard does not serve",
  runwayml: "Runway is video and image generation, which Switchyard does not serve",
  black_forest_labs: "Black Forest Labs' FLUX API is image generation, which Switchyard does not serve",
  stability: "Stability AI is image generation, which Switchyard does not serve",
  fal_ai: "fal.ai is image and video generation, which Switchyard does not serve",
  auto_router: "LiteLLM's auto router chooses a model inside LiteLLM; name a model group (or a router_settings.model_group_alias) instead",
  "my-custom-llm": "a custom handler registered in LiteLLM's Python process (custom_provider_map) has no counterpart in Switchyard",
  replicate: "Replicate's predictions API is not translated by Switchyard",
  watsonx: "IBM watsonx.ai (IAM token exchange and its own text/chat API) is not translated by Switchyard",
  triton: "NVIDIA Triton's generate/infer API is not translated by Switchyard; a Triton server with its OpenAI-compatible frontend works as openai/<model> with api_base",
  predibase:
    "Predibase's native generate API is not translated by Switchyard; its OpenAI-compatible endpoint works as openai/<model> with api_base https://serving.app.predibase.com/<tenant>/deployments/v2/llms/<model>/v1",
  bytez: "Bytez's own model API is not translated by Switchyard",
  sap: "SAP AI Core (OAuth client credentials and its own deployment API) is not translated by Switchyard",
};
