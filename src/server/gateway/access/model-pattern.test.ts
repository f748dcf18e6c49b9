import { describe, expect, it } from "vitest";
import { compileModelPattern, isPattern } from "./model-pattern";

const matches = (pattern: string, name: string) => compileModelPattern(pattern).capture(name) !== undefined;

describe("compileModelPattern", () => {
  it.each([
    ["gpt-*-mini", "gpt-4o-mini", true],
    ["gpt-*-mini", "gpt-4.1-mini", true],
    ["gpt-*-mini", "gpt-4o-mini-tts", false],
    ["gpt-*-mini", "xgpt-4o-mini", false],
    ["bedrock/*", "bedrock/anthropic.claude-v2", true],
    ["bedrock/*", "bedrock/", true],
    ["bedrock/*", "bedrockz/x", false],
    ["bedrock/*", "bedrock", false],
    ["bedrock/*", "my-bedrock/x", false],
    ["openai/gpt-4o*", "openai/gpt-4o", true],
    ["openai/gpt-4o*", "openai/gpt-4o-mini", true],
    ["openai/gpt-4o*", "openai/gpt-4", false],
    ["openai/gpt-4o*", "azure/openai/gpt-4o", false],
    ["gpt-4.1", "gpt-4.1", true],
    ["gpt-4.1", "gpt-401", false],
    ["gpt-4.1*", "gpt-401-mini", false],
    ["a+b", "a+b", true],
    ["a+b", "aab", false],
    ["a+b", "aaab", false],
    ["a+b", "ab", false],
    ["a+b*", "a+b", true],
    ["a+b*", "aab", false],
    ["a+b*", "ab", false],
    ["model?*", "model?", true],
    ["model?*", "mode", false],
    ["model?*", "model", false],
    ["fn(x)*", "fn(x)", true],
    ["fn(x)*", "fnx", false],
    ["[ab]*", "[ab]", true],
    ["[ab]*", "a", false],
    ["^x$*", "^x$", true],
    ["a|b*", "a", false],
    ["a\\d*", "a\\d", true],
    ["a\\d*", "a1", false],
    ["*", "gpt-4o", true],
    ["*", "vertex_ai/claude-sonnet-4-6@default", true],
    ["*", "openrouter/anthropic/claude-sonnet-4-6", true],
    ["*", "", true],
    ["*", "line\nbreak", true],
    ["anthropic/*", "anthropic/claude\nsonnet", true],
    ["*-mini", "gpt-4o-mini", true],
    ["*-mini", "gpt-4o-mini-tts", false],
    ["*/claude-*", "vertex_ai/claude-sonnet-4-6", true],
    ["*/claude-*", "claude-sonnet-4-6", false],
  ])("%j against %j: %s", (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected);
  });

  it("is anchored at both ends", () => {
    expect(matches("gpt-4o*", "my-gpt-4o")).toBe(false);
    expect(matches("*gpt-4o", "gpt-4o-mini")).toBe(false);
    expect(matches("*gpt-4o", "azure/gpt-4o")).toBe(true);
  });

  it("captures what the first * stood for", () => {
    expect(compileModelPattern("anthropic/*").capture("anthropic/claude-sonnet-4-6")).toBe("claude-sonnet-4-6");
    expect(compileModelPattern("gpt-*-mini").capture("gpt-4o-mini")).toBe("4o");
    expect(compileModelPattern("openai/gpt-4o*").capture("openai/gpt-4o")).toBe("");
    expect(compileModelPattern("*/claude-*").capture("vertex_ai/claude-sonnet-4-6")).toBe("vertex_ai");
    expect(compileModelPattern("*").capture("openrouter/anthropic/claude")).toBe("openrouter/anthropic/claude");
    expect(compileModelPattern("anthropic/*").capture("openai/gpt-4o")).toBeUndefined();
  });

  it("counts the characters outside the *s as its literal length", () => {
    expect(compileModelPattern("*").literalLength).toBe(0);
    expect(compileModelPattern("anthropic/*").literalLength).toBe(10);
    expect(compileModelPattern("anthropic/claude-*").literalLength).toBe(17);
    expect(compileModelPattern("gpt-*-mini").literalLength).toBe(9);
    expect(compileModelPattern("*/*").literalLength).toBe(1);
  });

  it("keeps its source", () => {
    expect(compileModelPattern("gpt-*-mini").source).toBe("gpt-*-mini");
  });

  it("compiles each distinct pattern once", () => {
    const first = compileModelPattern("cache-test/*");
    expect(compileModelPattern("cache-test/*")).toBe(first);
    expect(compileModelPattern("cache-test/x*")).not.toBe(first);
  });
});

describe("isPattern", () => {
  it("is true only for entries with a *", () => {
    expect(isPattern("anthropic/*")).toBe(true);
    expect(isPattern("*")).toBe(true);
    expect(isPattern("gpt-4.1")).toBe(false);
    expect(isPattern("a+b?")).toBe(false);
  });
});

describe("captures", () => {
  it("gives what every * stood for, in order, each as long as it can be (LiteLLM's greedy (.*))", () => {
    expect(compileModelPattern("*/claude-*").captures("anthropic/claude-3-haiku")).toEqual(["anthropic", "3-haiku"]);
    expect(compileModelPattern("fo::*:static::*").captures("fo::hi:static::there")).toEqual(["hi", "there"]);
    expect(compileModelPattern("*-*").captures("a-b-c")).toEqual(["a-b", "c"]);
    expect(compileModelPattern("*/claude-*").captures("claude-3-haiku")).toBeUndefined();
  });
});
