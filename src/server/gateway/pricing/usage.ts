/** Token counts of one request, normalised across chat, responses, embeddings and providers. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the provider's cache (included in promptTokens). */
  cachedTokens: number;
  /** Prompt tokens written to the cache (included in promptTokens; Anthropic). */
  cacheCreationTokens: number;
  /** Reasoning tokens (included in completionTokens). */
  reasoningTokens: number;
  audioPromptTokens: number;
  audioCompletionTokens: number;
}

export const noUsage: Usage = {
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  cacheCreationTokens: 0,
  reasoningTokens: 0,
  audioPromptTokens: 0,
  audioCompletionTokens: 0,
};

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Reads a `usage` object in either vocabulary: Chat/Embeddings (`prompt_tokens`, ...) or
 * Responses (`input_tokens`, ...). Unknown or missing fields count as zero.
 */
export function readUsage(raw: unknown): Usage | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const usage = record(raw);
  const promptDetails = record(usage.prompt_tokens_details ?? usage.input_tokens_details);
  const completionDetails = record(usage.completion_tokens_details ?? usage.output_tokens_details);
  return {
    promptTokens: count(usage.prompt_tokens ?? usage.input_tokens),
    completionTokens: count(usage.completion_tokens ?? usage.output_tokens),
    cachedTokens: count(promptDetails.cached_tokens),
    cacheCreationTokens: count(usage.cache_creation_input_tokens),
    reasoningTokens: count(completionDetails.reasoning_tokens),
    audioPromptTokens: count(promptDetails.audio_tokens),
    audioCompletionTokens: count(completionDetails.audio_tokens),
  };
}
