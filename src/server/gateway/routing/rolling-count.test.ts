import { describe, expect, it } from "vitest";
import { RollingCount } from "./rolling-count";

describe("RollingCount", () => {
  it("keeps an entry for 59 to 60 seconds: until its second has left the minute", () => {
    const count = new RollingCount();
    count.add(59_000);
    count.add(59_999, 2);
    expect(count.total(59_999)).toBe(3);
    expect(count.total(118_999)).toBe(3);
    expect(count.total(119_000)).toBe(0);
  });

  it("sums the seconds of the window and drops them one by one", () => {
    const count = new RollingCount(3_000, 1_000);
    count.add(0, 100);
    count.add(1_500, 20);
    count.add(2_999, 3);
    expect(count.total(2_999)).toBe(123);
    expect(count.total(3_000)).toBe(23);
    expect(count.total(4_000)).toBe(3);
    expect(count.total(5_000)).toBe(0);
  });

  it("reuses a slot once its second has gone, however long the gap", () => {
    const count = new RollingCount(60_000, 1_000);
    count.add(5_000, 7);
    // The same slot (second 65 = 5 + 60), then the same slot an hour later.
    count.add(65_000);
    expect(count.total(65_000)).toBe(1);
    count.add(3_605_000, 4);
    expect(count.total(3_605_500)).toBe(4);
  });

  it("counts a burst of a million events in one second", () => {
    const count = new RollingCount();
    for (let index = 0; index < 1_000_000; index++) count.add(10_000 + (index % 1_000));
    expect(count.total(10_999)).toBe(1_000_000);
    expect(count.total(70_000)).toBe(0);
  });

  it("does not count what lies ahead of now (a clock that stepped back)", () => {
    const count = new RollingCount();
    count.add(120_000);
    expect(count.total(100_000)).toBe(0);
    expect(count.total(120_000)).toBe(1);
  });
});
