import type { ModelPrice } from "./model-price";
import type { Usage } from "./usage";
import type { PriceOverride } from "../../config/types";

export type { PriceOverride } from "../../config/types";

/** The cost of one request in USD, or undefined when there is no price to compute it from. */
export function computeCost(usage: Usage, modelPrice: ModelPrice | undefined, override?: PriceOverride): number | undefined {
  const base = modelPrice ?? { tiers: [] };
  const tier = base.tiers.find((candidate) => usage.promptTokens > candidate.aboveTokens);
  const input = override?.inputCostPerToken ?? tier?.input ?? base.input;
  const output = override?.outputCostPerToken ?? tier?.output ?? base.output;
  if (input === undefined && output === undefined) return undefined;

  const inputRate = input ?? 0;
  const outputRate = output ?? 0;
  const cacheReadRate = override?.cacheReadInputTokenCost ?? tier?.cacheRead ?? base.cacheRead ?? inputRate;
  const cacheCreationRate = override?.cacheCreationInputTokenCost ?? tier?.cacheCreation ?? base.cacheCreation ?? inputRate;
  const audioInputRate = base.audioInput ?? inputRate;
  const audioOutputRate = base.audioOutput ?? outputRate;
  const reasoningRate = base.reasoning ?? outputRate;

  // Cached, cache-creation and audio prompt tokens are part of promptTokens; price each once.
  const textPrompt = Math.max(0, usage.promptTokens - usage.cachedTokens - usage.cacheCreationTokens - usage.audioPromptTokens);
  const textCompletion = Math.max(0, usage.completionTokens - usage.reasoningTokens - usage.audioCompletionTokens);
  return (
    textPrompt * inputRate +
    usage.cachedTokens * cacheReadRate +
    usage.cacheCreationTokens * cacheCreationRate +
    usage.audioPromptTokens * audioInputRate +
    textCompletion * outputRate +
    usage.reasoningTokens * reasoningRate +
    usage.audioCompletionTokens * audioOutputRate
  );
}
