import type { ProviderName } from "../../config/types";
import { anthropicProvider } from "./anthropic";
import { azureProvider } from "./azure";
import { bedrockProvider } from "./bedrock";
import { openAIProvider } from "./openai";
import type { Provider } from "./types";

const providers: Record<ProviderName, Provider> = {
  openai: openAIProvider,
  openai_compatible: openAIProvider,
  azure: azureProvider,
  anthropic: anthropicProvider,
  bedrock: bedrockProvider,
};

export function providerFor(name: ProviderName): Provider {
  return providers[name];
}
