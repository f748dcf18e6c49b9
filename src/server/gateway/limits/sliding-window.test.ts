import { describe, expect, it } from "vitest";
import { SlidingWindow } from "./sliding-window";

describe("SlidingWindow", () => {
  it("keeps an entry for exactly the window, with no fixed-minute boundary", () => {
    const window = new SlidingWindow(60_000);
    for (let i = 0; i < 5; i++) window.add(59_000);
    expect(window.total(59_000)).toBe(5);
    // A fixed minute bucket would be empty again at 61 s.
    expect(window.total(61_000)).toBe(5);
    expect(window.total(118_999)).toBe(5);
    expect(window.total(119_001)).toBe(0);
  });

  it("sums amounts and lets them leave one by one", () => {
    const window = new SlidingWindow(1_000);
    window.add(0, 100);
    window.add(400, 20);
    window.add(800, 3);
    expect(window.total(800)).toBe(123);
    expect(window.total(1_001)).toBe(23);
    expect(window.total(1_401)).toBe(3);
    expect(window.total(1_801)).toBe(0);
  });

  it("says how long until the oldest entry leaves", () => {
    const window = new SlidingWindow(60_000);
    expect(window.msUntilRoom(0)).toBe(0);
    window.add(59_000);
    window.add(60_000);
    expect(window.msUntilRoom(61_000)).toBe(58_000);
    expect(window.msUntilRoom(119_001)).toBe(999);
    expect(window.msUntilRoom(120_001)).toBe(0);
  });

  it("stays exact after compacting a long history", () => {
    const window = new SlidingWindow(1_000);
    for (let t = 0; t < 5_000; t++) window.add(t);
    expect(window.total(4_999)).toBe(1_000);
    expect(window.msUntilRoom(4_999)).toBe(1);
  });
});
