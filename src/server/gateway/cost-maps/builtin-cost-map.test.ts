import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CostMap } from "../pricing/cost-map";
import { hasTokenPrices } from "../pricing/model-price";
import { validateCostMap } from "./validate-cost-map";
import { builtinFile, builtinText, projectRoot } from "../testing/builtin-cost-map";
import { builtinCostMapFile, litellmCostMapUrl, readBuiltinCostMap, reloadSourceOf } from "./builtin-cost-map";

const readme = readFileSync(join(projectRoot, "builtin-cost-map", "README.md"), "utf8");

describe("the built-in cost map", () => {
  it("is the file its README describes: same hash, same model count", () => {
    const validation = validateCostMap(builtinText());
    if (!validation.ok) throw new Error(validation.reason);
    expect(readme).toContain(`sha256 \`${validation.contentHash}\``);
    expect(readme).toContain(`${validation.modelCount.toLocaleString("en-US")} models`);
    expect(createHash("sha256").update(readFileSync(builtinFile)).digest("hex")).toBe(validation.contentHash);
  });

  it("prices the common models and indexes wildcard providers over the whole map", () => {
    const map = new CostMap(JSON.parse(builtinText()) as Record<string, unknown>);
    for (const model of ["gpt-4o", "gpt-5", "claude-sonnet-4-5", "azure/gpt-4o", "gemini/gemini-2.5-pro", "vertex_ai/claude-sonnet-4-5"]) {
      expect(hasTokenPrices(map.price(model)!), model).toBe(true);
    }
    expect(map.price("claude-sonnet-4-5")!.cacheCreation).toBeGreaterThan(0);
    // A bare name under `vertex_ai/*` resolves against every model LiteLLM lists for Vertex.
    expect(map.modelsOf("vertex_ai")!.size).toBeGreaterThan(100);
    expect(map.providersOf("claude-sonnet-4-5")).toContain("vertex_ai");
  });

  it("says where it should be when it is missing", async () => {
    const file = builtinCostMapFile("/nowhere");
    await expect(readBuiltinCostMap(file)).rejects.toThrow(`the built-in cost map could not be read at ${file} (ENOENT); it ships in builtin-cost-map/ of the project`);
  });
});

describe("reloadSourceOf", () => {
  it("is LiteLLM's published map unless SWITCHYARD_COST_MAP_URL is set", () => {
    expect(reloadSourceOf(undefined)).toBe("https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json");
    expect(reloadSourceOf(undefined)).toBe(litellmCostMapUrl);
    expect(reloadSourceOf("http://127.0.0.1:9/map.json")).toBe("http://127.0.0.1:9/map.json");
  });
});
