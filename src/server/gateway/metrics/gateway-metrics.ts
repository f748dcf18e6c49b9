import { Gauge, Registry, collectDefaultMetrics, type Metric } from "prom-client";
import { RouteHistogram, RouteStatusCounter } from "./route-series";

// Fine buckets at the low end: the gateway's own overhead is measured in tenths of a millisecond.
const overheadBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const upstreamBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Prometheus metrics of one gateway (its own registry, so several gateways in one process, as in
 * tests, never collide): request counts, the gateway's overhead, upstream latency, requests in
 * flight, and Node's process metrics (memory, event-loop lag, GC). The per-request series are
 * plain numbers (route-series.ts) that the registry reads when scraped.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new RouteStatusCounter("switchyard_requests_total", "Requests answered, by route and status code");
  private readonly overhead = new RouteHistogram(
    "switchyard_overhead_duration_seconds",
    "Time spent in the gateway per request, upstream waits excluded (until the response headers)",
    overheadBuckets,
  );
  private readonly upstream = new RouteHistogram(
    "switchyard_upstream_duration_seconds",
    "Time waiting on the upstream per request (until its headers, or its whole body when not streamed)",
    upstreamBuckets,
  );
  private inFlight = 0;

  constructor(options: { processMetrics?: boolean } = {}) {
    for (const metric of [this.requests, this.overhead, this.upstream]) this.registry.registerMetric(metric as unknown as Metric);
    const inFlight = () => this.inFlight;
    new Gauge({
      name: "switchyard_requests_in_flight",
      help: "Requests being handled, streams until their last byte",
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  requestStarted(): void {
    this.inFlight++;
  }

  /** When its answer is written (a stream: after its last byte), or it failed before one. */
  requestEnded(): void {
    this.inFlight--;
  }

  /** Once per request, when its response (or its stream's headers) is ready. */
  observe(route: string, status: number, overheadMs: number, upstreamMs: number): void {
    this.requests.cell(route, status).value++;
    this.overhead.route(route).observe(overheadMs / 1000);
    if (upstreamMs > 0) this.upstream.route(route).observe(upstreamMs / 1000);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
