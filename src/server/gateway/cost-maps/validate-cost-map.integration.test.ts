import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { copyText } from "../testing/cost-map-copies";
import { validateCostMap } from "./validate-cost-map";

function reasonFor(text: string, activeModelCount?: number): string {
  const validation = validateCostMap(text, activeModelCount);
  if (validation.ok) throw new Error("expected the map to be refused");
  return validation.reason;
}

const entry = { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, litellm_provider: "openai" };
const mapOf = (count: number) => JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, index) => [`model-${index}`, entry])));

describe("validateCostMap refuses", () => {
  it("text that is not JSON, without echoing the text", () => {
    for (const text of ["sk-live-secret-token is here", '{"db_password": "hunter2", oops', "<html>secret page</html>", "undefined"]) {
      const reason = reasonFor(text);
      expect(reason).toMatch(/^not JSON: /);
      for (const word of ["sk-li", "secret", "hunter2", "db_password", "html", "undef"]) expect(reason).not.toContain(word);
    }
    expect(reasonFor("")).toBe("not JSON: Unexpected end of JSON input");
    expect(reasonFor('{"gpt-4o": {"input_cost_per_token": 1e-6}')).toMatch(/^not JSON: Expected ',' or '}' after property value in JSON at position \d+/);
  });

  it("JSON that is not an object", () => {
    for (const text of ["[]", '[{"gpt-4o": {}}]', "null", "42", '"gpt-4o"']) expect(reasonFor(text)).toMatch(/^not a cost map: expected a JSON object/);
  });

  it("a map without models, counting sample_spec and last_updated as none", () => {
    expect(reasonFor("{}")).toBe("not a cost map: it has no models");
    expect(reasonFor(JSON.stringify({ sample_spec: { input_cost_per_token: 0 }, last_updated: "2026-02-17" }))).toBe("not a cost map: it has no models");
  });

  it("entries that are not objects, naming them", () => {
    const reason = reasonFor(JSON.stringify({ "gpt-4o": entry, broken: "1e-6", listed: [entry], empty: null }));
    expect(reason).toBe("not a cost map: entries that are not objects: broken, listed, empty");
  });

  it("lists at most five names and counts the rest", () => {
    const raw = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`bad-${index}`, 1]));
    expect(reasonFor(JSON.stringify(raw))).toBe("not a cost map: entries that are not objects: bad-0, bad-1, bad-2, bad-3, bad-4, and 3 more");
  });

  it("negative and non-finite prices, naming model.field", () => {
    expect(reasonFor(JSON.stringify({ "gpt-4o": { ...entry, output_cost_per_token: -2e-6 } }))).toBe("negative or invalid prices: gpt-4o.output_cost_per_token = -0.000002");
    // JSON has no Infinity, but a literal too large for a double parses as one.
    const reason = reasonFor('{"gpt-4o": {"input_cost_per_token": 1e999}, "o3": {"cache_read_input_token_cost": -1}}');
    expect(reason).toBe("negative or invalid prices: gpt-4o.input_cost_per_token = Infinity, o3.cache_read_input_token_cost = -1");
  });

  it("JSON of objects that is not LiteLLM's (most entries name no litellm_provider), without naming them", () => {
    for (const text of ['{"secret": {"x": 1}}', JSON.stringify({ db: { password: "hunter2" }, cache: { ttl: 5 }, "gpt-4o": entry })]) {
      const reason = reasonFor(text);
      expect(reason).toBe("not a cost map: most entries name no litellm_provider");
    }
  });

  it("a map with more than half fewer models than the active one", () => {
    expect(reasonFor(mapOf(4), 10)).toBe("suspicious shrink: 4 models against 10 in the active version (more than half would be gone)");
    expect(reasonFor(mapOf(1_200), 2_568)).toMatch(/^suspicious shrink: 1200 models against 2568/);
  });
});

describe("validateCostMap accepts", () => {
  it("non-price fields with any value, and zero prices", () => {
    const validation = validateCostMap(JSON.stringify({ free: { input_cost_per_token: 0, max_tokens: -1, mode: "chat", supports_vision: true, litellm_provider: "openai" } }));
    expect(validation).toMatchObject({ ok: true, modelCount: 1 });
  });

  it("a few entries without a provider among many with one (LiteLLM's fallback_generalizations)", () => {
    expect(validateCostMap(JSON.stringify({ "gpt-4o": entry, o3: entry, fallback_generalizations: { rules: [] } }))).toMatchObject({ ok: true, modelCount: 3 });
  });

  it("a shrink of half or less, and any growth", () => {
    expect(validateCostMap(mapOf(5), 10)).toMatchObject({ ok: true, modelCount: 5 });
    expect(validateCostMap(mapOf(30), 10)).toMatchObject({ ok: true, modelCount: 30 });
    expect(validateCostMap(mapOf(5))).toMatchObject({ ok: true });
  });

  it.each([
    ["feb17a", 2_568],
    ["feb17b", 2_578],
    ["feb21", 2_595],
    ["feb23", 2_589],
  ] as const)("the real %s copy with %i models, hashed with sha256", (name, models) => {
    const text = copyText(name);
    const validation = validateCostMap(text, 2_470);
    if (!validation.ok) throw new Error(validation.reason);
    expect(validation.modelCount).toBe(models);
    expect(validation.contentHash).toBe(createHash("sha256").update(text).digest("hex"));
    expect(validation.raw).toHaveProperty("sample_spec");
  });

  it("gives different copies different hashes and the same text the same hash", () => {
    const hash = (text: string) => (validateCostMap(text) as { contentHash: string }).contentHash;
    expect(hash(copyText("feb17a"))).not.toBe(hash(copyText("feb17b")));
    expect(hash(copyText("feb17a"))).toBe(hash(copyText("feb17a")));
    expect(hash(copyText("feb17a"))).toMatch(/^[0-9a-f]{64}$/);
  });
});
