/**
 * Where one request's time went: the gateway's own work versus waiting on the upstream. The
 * difference is the overhead reported in `x-switchyard-overhead-duration-ms` and in /metrics.
 */
export class RequestTiming {
  readonly startedAt = performance.now();
  upstreamMs = 0;

  /** Awaits `work`, counting the wait as upstream time. */
  async upstream<T>(work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work;
    } finally {
      this.upstreamMs += performance.now() - started;
    }
  }

  /** Milliseconds spent in the gateway so far, upstream waits excluded. */
  overheadMs(): number {
    return Math.max(0, performance.now() - this.startedAt - this.upstreamMs);
  }
}
