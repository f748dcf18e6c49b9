import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { readCopy } from "../testing/cost-map-copies";
import { diffCostMaps } from "./diff-cost-maps";

const none = new Set<string>();

/** Changed models by a plain loop, to check the diff against: any field whose value differs. */
function changedModels(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const [model, entry] of Object.entries(after)) {
    if (model === "sample_spec" || model === "last_updated" || !(model in before)) continue;
    const old = before[model] as Record<string, unknown>;
    const now = entry as Record<string, unknown>;
    const fields = new Set([...Object.keys(old), ...Object.keys(now)]);
    if ([...fields].some((field) => !isDeepStrictEqual(old[field], now[field]))) changed.push(model);
  }
  return changed.sort();
}

describe("diffCostMaps on the real copies", () => {
  it("finds the 10 models 17b adds and nothing removed or changed", () => {
    const diff = diffCostMaps(readCopy("feb17a"), readCopy("feb17b"), none);
    expect(diff.summary).toEqual({ added: 10, removed: 0, changed: 0 });
    expect(diff.added).toHaveLength(10);
    expect(diff.added).toEqual(
      expect.arrayContaining(["claude-sonnet-4-6", "vertex_ai/claude-sonnet-4-6", "azure_ai/claude-sonnet-4-6", "anthropic.claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6"]),
    );
    expect(diff.added).toEqual([...diff.added].sort());
    expect(diff.added).not.toContain("last_updated");
    expect(diff.flags).toEqual([]);
  });

  it("is the mirror image the other way round", () => {
    const diff = diffCostMaps(readCopy("feb17b"), readCopy("feb17a"), new Set(["claude-sonnet-4-6"]));
    expect(diff.summary).toEqual({ added: 0, removed: 10, changed: 0 });
    expect(diff.flags).toEqual([{ kind: "removed_in_use", model: "claude-sonnet-4-6" }]);
  });

  describe("02-21 -> 02-23", () => {
    const before = readCopy("feb21");
    const after = readCopy("feb23");
    const diff = diffCostMaps(before, after, none);

    it("removes the 6 region- and speed-prefixed Claude entries", () => {
      expect(diff.summary.removed).toBe(6);
      expect(diff.removed).toEqual([
        "fast/claude-opus-4-6",
        "fast/claude-opus-4-6-20260205",
        "fast/us/claude-opus-4-6",
        "us/claude-opus-4-6",
        "us/claude-opus-4-6-20260205",
        "us/claude-sonnet-4-6",
      ]);
      expect(diff.summary.added).toBe(0);
    });

    it("counts the same changed models as a field-by-field comparison", () => {
      const expected = changedModels(before, after);
      expect(expected).toHaveLength(14);
      expect(diff.summary.changed).toBe(expected.length);
      expect(diff.changed.map((change) => change.model)).toEqual(expected);
    });

    it("records each changed field old -> new, an absent field as null", () => {
      const change = diff.changed.find((entry) => entry.model === "gemini/gemini-2.5-pro")!;
      expect(change.fields.input_cost_per_token_priority).toEqual({ old: null, new: 1.25e-6 });
      expect(change.fields.supports_service_tier).toEqual({ old: null, new: true });
      expect(change.fields).not.toHaveProperty("input_cost_per_token");
      const opus = diff.changed.find((entry) => entry.model === "claude-opus-4-6")!;
      expect(opus.fields).toEqual({ provider_specific_entry: { old: null, new: { us: 1.1, fast: 6 } } });
    });

    it("flags removed models only when they are in use", () => {
      expect(diff.flags).toEqual([]);
      const inUse = diffCostMaps(before, after, new Set(["us/claude-sonnet-4-6", "gpt-4o"]));
      expect(inUse.flags).toEqual([{ kind: "removed_in_use", model: "us/claude-sonnet-4-6" }]);
    });
  });
});

describe("diffCostMaps flags", () => {
  const flagsFor = (old: Record<string, unknown>, now: Record<string, unknown>) => diffCostMaps({ m: old }, { m: now }, none).flags;

  it("flags a price that moves 10x or more either way", () => {
    expect(flagsFor({ input_cost_per_token: 1e-6 }, { input_cost_per_token: 1e-5 })).toEqual([
      { kind: "price_jump", model: "m", field: "input_cost_per_token", old: 1e-6, new: 1e-5, ratio: expect.closeTo(10, 9) },
    ]);
    expect(flagsFor({ output_cost_per_token: 4 }, { output_cost_per_token: 0.4 })).toMatchObject([{ kind: "price_jump", field: "output_cost_per_token", ratio: 0.1 }]);
    expect(flagsFor({ cache_read_input_token_cost: 1 }, { cache_read_input_token_cost: 100 })).toMatchObject([{ kind: "price_jump", ratio: 100 }]);
  });

  it("does not flag smaller moves, non-price fields, or moves from or to zero", () => {
    expect(flagsFor({ input_cost_per_token: 1 }, { input_cost_per_token: 9.99 })).toEqual([]);
    expect(flagsFor({ input_cost_per_token: 1 }, { input_cost_per_token: 0.11 })).toEqual([]);
    expect(flagsFor({ max_tokens: 1_000 }, { max_tokens: 100_000 })).toEqual([]);
    expect(flagsFor({ input_cost_per_token: 0 }, { input_cost_per_token: 1 })).toEqual([]);
    expect(flagsFor({ input_cost_per_token: 1 }, { input_cost_per_token: 0 })).toEqual([]);
  });

  it("flags input or output token prices that disappear", () => {
    expect(flagsFor({ input_cost_per_token: 1, output_cost_per_token: 2, mode: "chat" }, { mode: "chat" })).toEqual([
      { kind: "lost_price", model: "m", fields: ["input_cost_per_token", "output_cost_per_token"] },
    ]);
    expect(flagsFor({ input_cost_per_token: 1, output_cost_per_token: 2 }, { input_cost_per_token: 1, output_cost_per_token: "2" })).toEqual([
      { kind: "lost_price", model: "m", fields: ["output_cost_per_token"] },
    ]);
  });

  it("does not flag other prices that disappear, or token prices that appear", () => {
    expect(flagsFor({ input_cost_per_token: 1, cache_read_input_token_cost: 0.1 }, { input_cost_per_token: 1 })).toEqual([]);
    expect(flagsFor({ mode: "chat" }, { mode: "chat", input_cost_per_token: 1 })).toEqual([]);
  });

  it("flags removed models in the in-use set and no others", () => {
    const diff = diffCostMaps({ a: {}, b: {}, c: {} }, { a: {} }, new Set(["a", "c", "d"]));
    expect(diff.removed).toEqual(["b", "c"]);
    expect(diff.flags).toEqual([{ kind: "removed_in_use", model: "c" }]);
  });

  it("ignores entries that are not models", () => {
    const diff = diffCostMaps({ last_updated: "a", sample_spec: { x: 1 }, m: {} }, { last_updated: "b", m: {} }, new Set(["sample_spec"]));
    expect(diff).toEqual({ summary: { added: 0, removed: 0, changed: 0 }, added: [], removed: [], changed: [], flags: [] });
  });
});

describe("diffCostMaps field comparison", () => {
  it("compares nested values by content, not by key order", () => {
    const before = { m: { provider_specific_entry: { us: 1.1, fast: 6 }, supported_regions: ["us", "eu"] } };
    expect(diffCostMaps(before, { m: { supported_regions: ["us", "eu"], provider_specific_entry: { fast: 6, us: 1.1 } } }, none).summary.changed).toBe(0);
    const reordered = diffCostMaps(before, { m: { provider_specific_entry: { us: 1.1, fast: 6 }, supported_regions: ["eu", "us"] } }, none);
    expect(reordered.changed).toEqual([{ model: "m", fields: { supported_regions: { old: ["us", "eu"], new: ["eu", "us"] } } }]);
  });

  it("reports a field that becomes null or disappears", () => {
    const diff = diffCostMaps({ m: { a: 1, b: 2 } }, { m: { a: null } }, none);
    expect(diff.changed).toEqual([{ model: "m", fields: { a: { old: 1, new: null }, b: { old: 2, new: null } } }]);
  });
});
