import { describe, expect, it } from "vitest";
import { newRequestId } from "./request-id";

describe("newRequestId", () => {
  it("is a version 7 UUID whose first 48 bits are the time", () => {
    const id = newRequestId(Date.UTC(2026, 10, 25, 12));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 25, 12));
  });

  it("sorts by time and never repeats", () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => newRequestId(1_800_000_000_000 + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    const byTime = ids.filter((_, index) => index % 10 === 0);
    expect([...byTime].sort()).toEqual(byTime);
  });
});
