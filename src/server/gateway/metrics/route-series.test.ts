import { Counter, Histogram, Registry, type Metric } from "prom-client";
import { describe, expect, it } from "vitest";
import { RouteHistogram, RouteStatusCounter } from "./route-series";

const bounds = [0.001, 0.01, 0.1, 1];
const observations: Array<[string, number]> = [
  ["/v1/chat/completions", 0.0004],
  ["/v1/chat/completions", 0.001],
  ["/v1/chat/completions", 0.05],
  ["/v1/chat/completions", 7],
  ["/v1/responses", 0.2],
];

async function rendered(metric: Metric): Promise<string> {
  const registry = new Registry();
  registry.registerMetric(metric);
  return registry.metrics();
}

describe("route series render exactly as prom-client's own metrics", () => {
  it("a histogram by route: cumulative buckets, +Inf, sum and count", async () => {
    const ours = new RouteHistogram("x_seconds", "Some time", bounds);
    const theirs = new Histogram({ name: "x_seconds", help: "Some time", labelNames: ["route"], buckets: bounds, registers: [] });
    for (const [route, value] of observations) {
      ours.route(route).observe(value);
      theirs.observe({ route }, value);
    }
    const text = await rendered(ours as unknown as Metric);
    expect(text).toBe(await rendered(theirs));
    expect(text).toContain('x_seconds_bucket{le="0.01",route="/v1/chat/completions"} 2');
    expect(text).toContain('x_seconds_count{route="/v1/responses"} 1');
  });

  it("a counter by route and status", async () => {
    const ours = new RouteStatusCounter("y_total", "Some count");
    const theirs = new Counter({ name: "y_total", help: "Some count", labelNames: ["route", "status"], registers: [] });
    for (const [route, status] of [
      ["/a", 200],
      ["/a", 200],
      ["/a", 404],
      ["/b", 200],
    ] as const) {
      ours.cell(route, status).value++;
      theirs.inc({ route, status });
    }
    expect(await rendered(ours as unknown as Metric)).toBe(await rendered(theirs));
  });

  it("reset empties them, as the registry's resetMetrics expects", async () => {
    const ours = new RouteHistogram("z_seconds", "Some time", bounds);
    ours.route("/a").observe(0.5);
    ours.reset();
    expect((await ours.get()).values).toEqual([]);
  });
});
