import type { Deployment, ProviderName } from "../../config/types";
import { anthropicProvider } from "./anthropic";
import { azureProvider } from "./azure";
import { azureAiClaudeProvider, azureAiProvider } from "./azure-ai";
import { huggingfaceProvider } from "./huggingface";
import { ollamaProvider } from "./ollama";
import { geminiProvider } from "./google/gemini-api";
import { vertexProvider } from "./google/vertex";
import { bedrockProvider } from "./bedrock";
import { openAIProvider } from "./openai";
import { textCompletionProvider } from "./text-completion";
import { unservableProvider } from "./unservable";
import type { Provider } from "./types";

const providers: Record<ProviderName, Provider> = {
  openai: openAIProvider,
  openai_compatible: openAIProvider,
  azure: azureProvider,
  anthropic: anthropicProvider,
  azure_ai: azureAiProvider,
  azure_ai_claude: azureAiClaudeProvider,
  ollama: ollamaProvider,
  huggingface: huggingfaceProvider,
  text_completion: textCompletionProvider,
  unservable: unservableProvider,
  vertex_ai: vertexProvider,
  gemini: geminiProvider,
  bedrock: bedrockProvider,
};

export function providerFor(name: ProviderName): Provider {
  return providers[name];
}

/** The provider that serves this deployment, down to its model where one prefix has two wire formats. */
export function providerForDeployment(deployment: Deployment): Provider {
  const provider = providers[deployment.provider];
  return provider.forDeployment?.(deployment) ?? provider;
}
