import { describe, expect, it } from "vitest";
import { countRows, describeFlag, diffRows, filterRows, formatFieldValue, formatValue, isPriceField, type PreviewDiff } from "./diff-rows";

const preview: PreviewDiff = {
  added: ["claude-sonnet-4-6", "vertex_ai/claude-sonnet-4-6"],
  removed: ["old-model"],
  changed: [
    { model: "gpt-4o", fields: { input_cost_per_token: { old: 2.5e-6, new: 5e-5 }, mode: { old: "chat", new: "responses" } } },
    { model: "gpt-4o-mini", fields: { output_cost_per_token: { old: 6e-7, new: null } } },
  ],
  flags: [
    { kind: "price_jump", model: "gpt-4o", field: "input_cost_per_token", old: 2.5e-6, new: 5e-5, ratio: 20 },
    { kind: "lost_price", model: "gpt-4o-mini", fields: ["output_cost_per_token"] },
    { kind: "removed_in_use", model: "old-model" },
  ],
};

describe("the cost-map diff view's rows", () => {
  const rows = diffRows(preview);

  it("has one row per model, sorted, with its flags and flagged fields", () => {
    expect(rows.map((row) => [row.model, row.kind, row.flags.length])).toEqual([
      ["claude-sonnet-4-6", "added", 0],
      ["gpt-4o", "changed", 1],
      ["gpt-4o-mini", "changed", 1],
      ["old-model", "removed", 1],
      ["vertex_ai/claude-sonnet-4-6", "added", 0],
    ]);
    expect(rows[1].fields).toEqual([
      { field: "input_cost_per_token", old: 2.5e-6, new: 5e-5, flagged: true },
      { field: "mode", old: "chat", new: "responses", flagged: false },
    ]);
  });

  it("filters by tab and by a case-insensitive part of the model name", () => {
    expect(countRows(rows)).toEqual({ all: 5, added: 2, removed: 1, changed: 2, flagged: 3 });
    expect(filterRows(rows, "all", " SONNET-4-6 ").map((row) => row.model)).toEqual(["claude-sonnet-4-6", "vertex_ai/claude-sonnet-4-6"]);
    expect(filterRows(rows, "flagged", "").map((row) => row.model)).toEqual(["gpt-4o", "gpt-4o-mini", "old-model"]);
    expect(filterRows(rows, "removed", "gpt")).toEqual([]);
  });

  it("describes values and flags as text", () => {
    expect([formatValue(3e-6), formatValue(1e-7), formatValue(null), formatValue("chat"), formatValue(["a"])]).toEqual(["0.000003", "1e-7", "none", "chat", '["a"]']);
    expect(preview.flags.map(describeFlag)).toEqual([
      "Price jump: input_cost_per_token $2.50 / 1M tokens → $50.00 / 1M tokens (20x higher)",
      "Lost price: output_cost_per_token",
      "Removed but in use (configured or requested in the last 30 days)",
    ]);
  });
});

describe("prices in the diff", () => {
  it("reads per-token prices per 1M tokens and other prices per their unit", () => {
    expect(formatFieldValue("input_cost_per_token", 2.2e-7)).toBe("$0.22 / 1M tokens");
    expect(formatFieldValue("output_cost_per_image", 0.04)).toBe("$0.04 per image");
    expect(formatFieldValue("input_cost_per_audio_per_second", 0.0001)).toBe("$0.0001 per audio per second");
    expect(formatFieldValue("supports_vision", true)).toBe("true");
    expect(formatFieldValue("max_tokens", 4096)).toBe("4096");
  });

  it("gives added models their prices as fields, and tells price fields from capability fields", () => {
    const rows = diffRows({ ...preview, addedPrices: { "claude-sonnet-4-6": { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5 } } });
    expect(rows[0].fields).toEqual([
      { field: "input_cost_per_token", old: null, new: 3e-6, flagged: false },
      { field: "output_cost_per_token", old: null, new: 1.5e-5, flagged: false },
    ]);
    expect(["input_cost_per_token", "cache_read_input_token_cost", "supports_vision", "max_tokens"].map(isPriceField)).toEqual([true, true, false, false]);
  });
});
