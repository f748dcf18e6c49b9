import { describe, expect, it } from "vitest";
import { DeploymentStats, percentile, statsWindowMs } from "./deployment-stats";

describe("DeploymentStats", () => {
  it("gives nearest-rank p50/p95 of successful calls, counts errors, and forgets calls older than the window", () => {
    const stats = new DeploymentStats();
    const now = 10_000_000;
    for (let ms = 1; ms <= 100; ms++) stats.record("d1", { at: now - 1_000, ms, ok: true });
    stats.record("d1", { at: now - 500, ms: 5_000, ok: false });
    stats.record("d1", { at: now - statsWindowMs - 1, ms: 9_999, ok: true });
    expect(stats.view("d1", now)).toEqual({ windowSeconds: 300, requests: 101, errors: 1, p50Ms: 50, p95Ms: 95 });
    expect(stats.view("other", now)).toEqual({ windowSeconds: 300, requests: 0, errors: 0, p50Ms: null, p95Ms: null });
  });

  it("percentile of one value is that value", () => {
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });
});
