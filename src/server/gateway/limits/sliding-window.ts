/**
 * An exact sliding window over the last `windowMs`: every request (or token count) is kept with
 * its time, so no boundary lets twice the limit through as fixed minute buckets do. Memory is
 * bounded by the limit itself, since nothing past it is ever admitted.
 */
export class SlidingWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private sum = 0;

  constructor(private readonly windowMs = 60_000) {}

  total(now: number): number {
    this.expire(now);
    return this.sum;
  }

  add(now: number, amount = 1): void {
    this.expire(now);
    this.times.push(now);
    this.amounts.push(amount);
    this.sum += amount;
  }

  /** Milliseconds until the oldest entry leaves the window (for Retry-After). */
  msUntilRoom(now: number): number {
    this.expire(now);
    if (this.head >= this.times.length) return 0;
    return Math.max(0, this.times[this.head] + this.windowMs - now);
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= cutoff) {
      this.sum -= this.amounts[this.head];
      this.head++;
    }
    // Compact occasionally so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
  }
}
