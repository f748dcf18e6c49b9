import type { ProviderName } from "./types";

/** Providers of this file with a wire protocol of their own (the rest reuse openai_compatible). */
export type LongTailProviderName = "azure_ai" | "azure_ai_claude" | "ollama" | "huggingface" | "text_completion" | "unservable";

export interface ProviderTarget {
  provider: ProviderName;
  defaultApiBase?: string;
  /** How LiteLLM reads the model after the prefix, where it is more than the name sent upstream. */
  shape?: (model: string) => ModelShape;
  /** A header that carries the api key besides `Authorization: Bearer` (LiteLLM's provider `headers`). */
  keyHeader?: string;
}

/** What a model string means for one provider: the name sent, and where it is sent. */
export type ModelShape =
  | {
      upstreamModel?: string;
      /** The default base for this model, when it differs from the provider's. */
      defaultApiBase?: string;
      /** The path a model adds under whatever base is configured (RAGFlow's chat ids). */
      apiBaseFor?: (base: string) => string;
    }
  | { problem: string };

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
  amazon_nova: { provider: "openai_compatible", defaultApiBase: "https://api.nova.amazon.com/v1" },
  ai21: { provider: "openai_compatible", defaultApiBase: "https://api.ai21.com/studio/v1" },
  ai21_chat: { provider: "openai_compatible", defaultApiBase: "https://api.ai21.com/studio/v1" },
  // Baseten's Model API; an 8-character model id is a dedicated deployment with a URL of its own.
  baseten: { provider: "openai_compatible", defaultApiBase: "https://inference.baseten.co/v1", shape: basetenShape },
  // Clarifai names models `user.app.model` and is sent the model's URL.
  clarifai: { provider: "openai_compatible", defaultApiBase: "https://api.clarifai.com/v2/ext/openai/v1", shape: clarifaiShape },
  compactifai: { provider: "openai_compatible", defaultApiBase: "https://api.compactif.ai/v1" },
  docker_model_runner: { provider: "openai_compatible", defaultApiBase: "http://localhost:12434/engines/v1" },
  morph: { provider: "openai_compatible", defaultApiBase: "https://api.morphllm.com/v1" },
  ovhcloud: { provider: "openai_compatible", defaultApiBase: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1" },
  v0: { provider: "openai_compatible", defaultApiBase: "https://api.v0.dev/v1" },
  wandb: { provider: "openai_compatible", defaultApiBase: "https://api.inference.wandb.ai/v1" },
  siliconflow: { provider: "openai_compatible", defaultApiBase: "https://api.siliconflow.com/v1" },
  // Bedrock's OpenAI-compatible engine, with a bearer token ({region}: aws_region_name, then the environment; see connection.ts).
  bedrock_mantle: { provider: "openai_compatible", defaultApiBase: "https://bedrock-mantle.{region}.api.aws/v1" },
  // RAGFlow's chats and agents, each an OpenAI-compatible endpoint of its own: ragflow/chat/<id>/<model>.
  ragflow: { provider: "openai_compatible", shape: ragflowShape },
  // LiteLLM's providers.json (OpenAI-compatible providers it configures by data).
  publicai: { provider: "openai_compatible", defaultApiBase: "https://api.publicai.co/v1" },
  veniceai: { provider: "openai_compatible", defaultApiBase: "https://api.venice.ai/api/v1" },
  xiaomi_mimo: { provider: "openai_compatible", defaultApiBase: "https://api.xiaomimimo.com/v1" },
  synthetic: { provider: "openai_compatible", defaultApiBase: "https://api.synthetic.new/openai/v1" },
  apertis: { provider: "openai_compatible", defaultApiBase: "https://api.stima.tech/v1" },
  "nano-gpt": { provider: "openai_compatible", defaultApiBase: "https://nano-gpt.com/api/v1" },
  poe: { provider: "openai_compatible", defaultApiBase: "https://api.poe.com/v1" },
  chutes: { provider: "openai_compatible", defaultApiBase: "https://llm.chutes.ai/v1" },
  abliteration: { provider: "openai_compatible", defaultApiBase: "https://api.abliteration.ai/v1" },
  llamagate: { provider: "openai_compatible", defaultApiBase: "https://api.llamagate.dev/v1" },
  gmi: { provider: "openai_compatible", defaultApiBase: "https://api.gmi-serving.com/v1" },
  sarvam: { provider: "openai_compatible", defaultApiBase: "https://api.sarvam.ai/v1", keyHeader: "api-subscription-key" },
  aihubmix: { provider: "openai_compatible", defaultApiBase: "https://aihubmix.com/v1" },
  charity_engine: { provider: "openai_compatible", defaultApiBase: "https://api.charityengine.services/remotejobs/v2/inference" },
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
  sagemaker_nova: "Amazon SageMaker endpoints need AWS SigV4 signing, which Switchyard does not do for SageMaker yet",
  oci: "Oracle Cloud's Generative AI service needs OCI request signing, which Switchyard does not do",
  gigachat: "GigaChat's OAuth token exchange and its own chat API are not translated by Switchyard",
  github_copilot: "GitHub Copilot needs LiteLLM's interactive device-flow sign-in, which Switchyard does not do",
  chatgpt: "a ChatGPT subscription is reached through LiteLLM's interactive OAuth sign-in, which Switchyard does not do",
  snowflake: "Snowflake Cortex's inference:complete API and its key-pair JWT sign-in are not translated by Switchyard",
  voyage: "Voyage AI's embeddings and rerank APIs are not translated by Switchyard",
  langgraph: "a LangGraph agent server's run API is not a chat completions API Switchyard translates",
  manus: "Manus's agent task API (LiteLLM serves it on the Responses API only) is not translated by Switchyard",
  // LiteLLM's prompt management: the prefix names where a prompt template (prompt_id) is fetched from, before the model after it is called.
  langfuse: "LiteLLM's Langfuse prompt management (prompt_id templates fetched from Langfuse) is not available in Switchyard; name the model itself",
  humanloop: "LiteLLM's Humanloop prompt management (prompt_id templates fetched from Humanloop) is not available in Switchyard; name the model itself",
  dotprompt: "LiteLLM's dotprompt prompt management (prompt_id templates from a local folder) is not available in Switchyard; name the model itself",
};

/** `abc12345` (8 letters or digits) is a dedicated deployment, served at its own URL, as LiteLLM reads Baseten models. */
function basetenShape(model: string): ModelShape {
  if (!/^[a-zA-Z0-9]{8}$/.test(model)) return {};
  return { defaultApiBase: `https://model-${model}.api.baseten.co/environments/production/sync/v1` };
}

/** Clarifai's `user.app.model` is sent as `https://clarifai.com/user/app/models/model`, as LiteLLM sends it. */
function clarifaiShape(model: string): ModelShape {
  const parts = model.split(".");
  if (parts.length !== 3 || parts.some((part) => part === ""))
    return { problem: `Clarifai models are named user_id.app_id.model_id, as in clarifai/openai.chat-completion.gpt-oss-20b; got "${model}"` };
  const [user, app, id] = parts;
  return { upstreamModel: `https://clarifai.com/${user}/${app}/models/${id}` };
}

/** `chat/<chat id>/<model>` or `agent/<agent id>/<model>`: that chat's endpoint under the server's base (its `/v1` or `/api/v1` dropped). */
function ragflowShape(model: string): ModelShape {
  const [kind, id, ...rest] = model.split("/");
  if ((kind !== "chat" && kind !== "agent") || !id || rest.length === 0 || rest.join("/") === "") {
    return { problem: `RAGFlow models are named ragflow/chat/<chat id>/<model> or ragflow/agent/<agent id>/<model>; got "ragflow/${model}"` };
  }
  const path = `/api/v1/${kind === "chat" ? "chats_openai" : "agents_openai"}/${encodeURIComponent(id)}`;
  return { upstreamModel: rest.join("/"), apiBaseFor: (base) => base.replace(/\/+$/, "").replace(/\/api\/v1$|\/v1$/, "") + path };
}
