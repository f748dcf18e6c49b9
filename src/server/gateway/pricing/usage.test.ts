import { describe, expect, it } from "vitest";
import { toOpenAIUsage } from "../providers/anthropic-stream";
import { computeCost } from "./compute-cost";
import { readBuiltin } from "../testing/builtin-cost-map";
import { CostMap } from "./cost-map";
import { noUsage, readUsage } from "./usage";

describe("readUsage", () => {
  it("reads Chat Completions usage with its details", () => {
    const usage = readUsage({
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 20, audio_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 10, audio_tokens: 3, accepted_prediction_tokens: 0 },
    });
    expect(usage).toEqual({
      promptTokens: 100,
      completionTokens: 50,
      cachedTokens: 20,
      cacheCreationTokens: 0,
      reasoningTokens: 10,
      audioPromptTokens: 5,
      audioCompletionTokens: 3,
    });
  });

  it("reads Responses API usage", () => {
    const usage = readUsage({
      input_tokens: 328,
      input_tokens_details: { cached_tokens: 128 },
      output_tokens: 52,
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 380,
    });
    expect(usage).toEqual({ ...noUsage, promptTokens: 328, cachedTokens: 128, completionTokens: 52, reasoningTokens: 40 });
  });

  it("reads the usage the Anthropic translation produces, cache reads and writes inside the prompt", () => {
    const translated = toOpenAIUsage({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 30, cache_creation_input_tokens: 20 });
    const usage = readUsage(JSON.parse(JSON.stringify(translated)));
    expect(usage).toEqual({ ...noUsage, promptTokens: 150, completionTokens: 50, cachedTokens: 30, cacheCreationTokens: 20 });
    // Priced as Anthropic bills it: each kind of prompt token once, at its own rate.
    const cost = computeCost(usage!, new CostMap(readBuiltin()).price("claude-sonnet-4-5"));
    expect(cost).toBeCloseTo(100 * 3e-6 + 30 * 3e-7 + 20 * 3.75e-6 + 50 * 1.5e-5, 12);
  });

  it("reads embeddings usage, which has no completion tokens", () => {
    expect(readUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ ...noUsage, promptTokens: 8 });
  });

  it("counts missing, null, negative and non-numeric fields as zero", () => {
    expect(readUsage({ prompt_tokens: -3, completion_tokens: "12", prompt_tokens_details: null, completion_tokens_details: { reasoning_tokens: Number.NaN } })).toEqual(noUsage);
  });

  it("is undefined when there is no usage object", () => {
    expect(readUsage(undefined)).toBeUndefined();
    expect(readUsage(null)).toBeUndefined();
    expect(readUsage("100 tokens")).toBeUndefined();
  });
});
