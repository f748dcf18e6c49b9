/**
 * A sum over the last minute (by default) in one-second buckets: fixed memory and no allocation
 * per event. An entry leaves between 59 and 60 seconds after it was added, never later.
 *
 * The router counts every request, token and failure of every deployment. An exact window
 * (limits/sliding-window.ts) would keep a minute of timestamps for that: 540,000 of them per
 * deployment at 9,000 requests/s, copied as the arrays grow and compact. Key and team limits keep
 * the exact window: there memory is bounded by the limit, and a second's slack would be visible.
 */
export class RollingCount {
  private readonly buckets: number;
  /** Which bucket (time / bucketMs) each slot counts now; a slot is reused once its bucket has left the window. */
  private readonly slotBucket: Float64Array;
  private readonly slotSum: Float64Array;

  constructor(
    windowMs = 60_000,
    private readonly bucketMs = 1_000,
  ) {
    this.buckets = Math.max(1, Math.ceil(windowMs / bucketMs));
    this.slotBucket = new Float64Array(this.buckets).fill(-Infinity);
    this.slotSum = new Float64Array(this.buckets);
  }

  /** How many counts it keeps: one per bucket of the window, however many events it has seen. */
  get retainedEntries(): number {
    return this.slotSum.length;
  }

  add(now: number, amount = 1): void {
    const bucket = Math.floor(now / this.bucketMs);
    const slot = bucket % this.buckets;
    if (this.slotBucket[slot] !== bucket) {
      this.slotBucket[slot] = bucket;
      this.slotSum[slot] = 0;
    }
    this.slotSum[slot] += amount;
  }

  total(now: number): number {
    const current = Math.floor(now / this.bucketMs);
    let sum = 0;
    for (let slot = 0; slot < this.buckets; slot++) {
      const bucket = this.slotBucket[slot];
      if (bucket > current - this.buckets && bucket <= current) sum += this.slotSum[slot];
    }
    return sum;
  }
}
