import { describe, expect, it } from "vitest";
import { parseConfig } from "./load-config";
import { substituteWildcards, wildcardCountProblem } from "./wildcard-route";

describe("LiteLLM's wildcard substitution", () => {
  it.each([
    // model, the segments the model_name's `*`s matched, the name they were matched in -> the model sent
    ["openai/*", ["gpt-4o"], "llmengine/gpt-4o", "openai/gpt-4o"],
    ["openai/fo::*:static::*", ["hi", "there"], "fo::hi:static::there", "openai/fo::hi:static::there"],
    ["bedrock/meta.llama3*", ["-70b"], "hello-world-meta.llama3-70b", "bedrock/meta.llama3-70b"],
    // More segments than the model has `*`s: the matched name itself, as LiteLLM does.
    ["anthropic/claude-*", ["anthropic", "3-haiku"], "anthropic/claude-3-haiku", "anthropic/claude-3-haiku"],
    ["*", ["claude-opus-4-20250514"], "claude-opus-4-20250514", "claude-opus-4-20250514"],
    ["openai/gpt-4o", ["x"], "x", "openai/gpt-4o"],
    // `$&` in a segment is text, not a replacement pattern.
    ["openai/*", ["a$&b"], "a$&b", "openai/a$&b"],
  ])("%s with %j from %s -> %s", (model, segments, matched, sent) => {
    expect(substituteWildcards(model, segments, matched)).toBe(sent);
  });

  it("refuses at load a model with more `*` than its model_name, which would send a literal `*`", () => {
    expect(wildcardCountProblem("openai/*", "openai/*-*")).toContain('has 2 "*" but model_name "openai/*" has 1');
    expect(wildcardCountProblem("gpt-4o", "openai/*")).toContain("literal");
    expect(wildcardCountProblem("*/claude-*", "anthropic/claude-*")).toBeUndefined();
    expect(() => parseConfig("model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: 'openai/*' }\n", "c.yaml", { lookupEnv: () => "k" })).toThrow(
      /model_list\[0\]\.litellm_params\.model: "openai\/\*" has 1 "\*" but model_name "gpt-4o" has 0/,
    );
  });
});
