import type { Deployment } from "../../config/types";
import { openAIProvider } from "./openai";
import type { Provider } from "./types";

/** Hugging Face's inference providers, as LiteLLM names them first in `huggingface/<provider>/<org>/<model>`. */
const inferenceProviders = new Set([
  "cerebras",
  "cohere",
  "fal-ai",
  "featherless-ai",
  "fireworks-ai",
  "groq",
  "hf-inference",
  "hyperbolic",
  "nebius",
  "novita",
  "nscale",
  "openai",
  "ovhcloud",
  "publicai",
  "replicate",
  "sambanova",
  "scaleway",
  "together",
  "zai-org",
]);

/** `together/deepseek-ai/DeepSeek-R1` -> `deepseek-ai/DeepSeek-R1:together`, the router's way of naming the provider. */
export function routerModel(upstreamModel: string): string {
  const slash = upstreamModel.indexOf("/");
  const first = slash === -1 ? "" : upstreamModel.slice(0, slash);
  return inferenceProviders.has(first) ? `${upstreamModel.slice(slash + 1)}:${first}` : upstreamModel;
}

/**
 * Hugging Face (`huggingface/...`): the inference router (router.huggingface.co/v1) and
 * Inference Endpoints or TGI servers at an api_base all speak OpenAI's chat protocol under `/v1`.
 */
function routed(deployment: Deployment): Deployment {
  const apiBase = /\/v1$/.test(deployment.apiBase) ? deployment.apiBase : `${deployment.apiBase}/v1`;
  return { ...deployment, apiBase, upstreamModel: routerModel(deployment.upstreamModel) };
}

export const huggingfaceProvider: Provider = {
  supports: (operation) => operation === "chat" || operation === "embeddings",
  buildRequest: (operation, deployment, body, sourceText) => openAIProvider.buildRequest(operation, routed(deployment), body, sourceText),
};
