import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Fine buckets at the low end: the gateway's own overhead is measured in tenths of a millisecond.
const overheadBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const upstreamBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Prometheus metrics of one gateway (its own registry, so several gateways in one process, as in
 * tests, never collide): request counts, the gateway's overhead, upstream latency, requests in
 * flight, and Node's process metrics (memory, event-loop lag, GC).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: "switchyard_requests_total", help: "Requests answered, by route and status code", labelNames: ["route", "status"] as const, registers: [this.registry] });
  private readonly overhead = new Histogram({
    name: "switchyard_overhead_duration_seconds",
    help: "Time spent in the gateway per request, upstream waits excluded (until the response headers)",
    labelNames: ["route"] as const,
    buckets: overheadBuckets,
    registers: [this.registry],
  });
  private readonly upstream = new Histogram({
    name: "switchyard_upstream_duration_seconds",
    help: "Time waiting on the upstream per request (until its headers, or its whole body when not streamed)",
    labelNames: ["route"] as const,
    buckets: upstreamBuckets,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({ name: "switchyard_requests_in_flight", help: "Requests being handled, streams until their last byte", registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Label children by route (and status), looked up once: prom-client otherwise hashes the labels on every call. */
  private readonly byRoute = new Map<
    string,
    { overhead: { observe(value: number): void }; upstream: { observe(value: number): void }; byStatus: Map<number, { inc(): void }> }
  >();

  /** Once per request, when its response (or its stream's headers) is ready. */
  observe(route: string, status: number, overheadMs: number, upstreamMs: number): void {
    let children = this.byRoute.get(route);
    if (!children) {
      children = { overhead: this.overhead.labels({ route }), upstream: this.upstream.labels({ route }), byStatus: new Map() };
      this.byRoute.set(route, children);
    }
    let requests = children.byStatus.get(status);
    if (!requests) {
      requests = this.requests.labels({ route, status });
      children.byStatus.set(status, requests);
    }
    requests.inc();
    children.overhead.observe(overheadMs / 1000);
    if (upstreamMs > 0) children.upstream.observe(upstreamMs / 1000);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
