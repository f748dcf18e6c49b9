import { describe, expect, it } from "vitest";
import { compileModelPattern } from "../../gateway/access/model-pattern";
import { CostMap } from "../../gateway/pricing/cost-map";
import { builtinText } from "../../gateway/testing/builtin-cost-map";
import { KnownNames } from "./rule-coverage";

// Coverage narrows each pattern's scan to the names sharing its literal prefix; on LiteLLM's real
// map it must count exactly what a scan of every name counts.
const raw = JSON.parse(builtinText()) as Record<string, { litellm_provider?: string }>;
const map = new CostMap(raw);
const known = new KnownNames(["gpt-4o", "claude", "anthropic/*"], map);

function everyName(): string[] {
  const names = new Set(["gpt-4o", "claude"]);
  for (const name of Object.keys(raw)) {
    if (name === "sample_spec" || name === "last_updated") continue;
    const bare = name.slice(name.indexOf("/") + 1);
    names.add(name).add(bare);
    for (const provider of map.providersOf(bare) ?? []) names.add(`${provider}/${bare}`);
  }
  return [...names];
}

describe("KnownNames", () => {
  it.each(["anthropic/*", "gpt-*-mini", "*", "*claude*", "openai/gpt-4.1*", "bedrock/*", "azure/*", "gpt-4o*", "vertex_ai/claude-*", "zzz*", "a*"])(
    "counts %s as a full scan does",
    (source) => {
      const pattern = compileModelPattern(source);
      expect(known.countMatches(source)).toBe(everyName().filter((name) => pattern.capture(name) !== undefined).length);
    },
  );

  it("knows the config's groups but not its wildcard groups, and every provider form", () => {
    expect(known.has("claude")).toBe(true);
    expect(known.has("anthropic/*")).toBe(false);
    expect(known.size).toBe(everyName().length);
    const anthropic = Object.entries(raw)
      .filter(([, entry]) => entry.litellm_provider === "anthropic")
      .map(([name]) => name.replace(/^anthropic\//, ""));
    for (const name of anthropic) expect(known.has(`anthropic/${name}`)).toBe(true);
    expect(known.countMatches("gpt-*-mini")).toBeGreaterThan(0);
    expect(known.countMatches("gpt-*-mini")).toBeLessThan(known.countMatches("gpt-*"));
  });
});
