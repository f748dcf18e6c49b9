import { describe, expect, it } from "vitest";
import { addDuration, isValidDuration, parseDuration } from "./durations";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("parseDuration", () => {
  it("reads LiteLLM's units", () => {
    expect(parseDuration("30s")).toEqual({ amount: 30, unit: "s" });
    expect(parseDuration("10m")).toEqual({ amount: 10, unit: "m" });
    expect(parseDuration("1mo")).toEqual({ amount: 1, unit: "mo" });
    expect(parseDuration(" 2h ")).toEqual({ amount: 2, unit: "h" });
  });

  it("rejects anything else", () => {
    for (const text of ["", "30", "s", "0d", "-1d", "1.5h", "1y", "1 mo", "10M", "1mon", "d30", "99999999999999999999d"]) {
      expect(isValidDuration(text), text).toBe(false);
    }
  });
});

describe("addDuration", () => {
  const start = at("2025-03-10T12:00:00.000Z");

  it("adds fixed units", () => {
    expect(addDuration(start, "30s") - start).toBe(30_000);
    expect(addDuration(start, "10m") - start).toBe(600_000);
    expect(addDuration(start, "2h") - start).toBe(7_200_000);
    expect(addDuration(start, "30d") - start).toBe(30 * 86_400_000);
    expect(addDuration(start, "1w") - start).toBe(7 * 86_400_000);
  });

  it("adds calendar months, keeping the day and time", () => {
    expect(iso(addDuration(at("2025-01-15T08:30:00.000Z"), "1mo"))).toBe("2025-02-15T08:30:00.000Z");
    expect(iso(addDuration(at("2025-11-20T00:00:00.000Z"), "3mo"))).toBe("2026-02-20T00:00:00.000Z");
  });

  it("ends at the last day of a shorter month instead of spilling into the next", () => {
    expect(iso(addDuration(at("2025-01-31T09:00:00.000Z"), "1mo"))).toBe("2025-02-28T09:00:00.000Z");
    expect(iso(addDuration(at("2024-01-31T09:00:00.000Z"), "1mo"))).toBe("2024-02-29T09:00:00.000Z");
    expect(iso(addDuration(at("2025-03-31T00:00:00.000Z"), "1mo"))).toBe("2025-04-30T00:00:00.000Z");
    expect(iso(addDuration(at("2024-12-31T00:00:00.000Z"), "2mo"))).toBe("2025-02-28T00:00:00.000Z");
    expect(iso(addDuration(at("2025-01-31T00:00:00.000Z"), "12mo"))).toBe("2026-01-31T00:00:00.000Z");
  });

  it("throws on an invalid duration", () => {
    expect(() => addDuration(start, "1y")).toThrow('Invalid duration "1y"');
  });

  it("refuses durations past a century, which would overflow a date (found by fuzzing: stored as never expiring)", () => {
    for (const text of ["9007199254740991d", "300000mo", "5300w", "36700d"]) expect(isValidDuration(text)).toBe(false);
    for (const text of ["36500d", "1200mo", "5200w"]) expect(isValidDuration(text)).toBe(true);
  });
});
