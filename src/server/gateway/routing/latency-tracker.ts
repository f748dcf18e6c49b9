import type { LatencyArgs } from "../../config/types";

/** LiteLLM's penalty for a timed-out call: a latency no answering deployment comes near. */
export const timeoutPenaltySeconds = 1000;

/** One finished call, as latency-based routing scores it. */
export interface LatencySample {
  startedAt: number;
  endedAt: number;
  /** When the first streamed payload arrived (streams only). */
  firstTokenAt?: number;
  completionTokens?: number;
}

/** The last few values of one kind for one deployment, each with when it was taken. */
class Samples {
  private readonly values: number[] = [];
  private readonly times: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(value: number, at: number): void {
    if (this.values.length < this.capacity) {
      this.values.push(value);
      this.times.push(at);
      return;
    }
    this.values[this.next] = value;
    this.times[this.next] = at;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The mean of those taken since `since`; undefined when none. */
  average(since: number): number | undefined {
    let sum = 0;
    let count = 0;
    for (let index = 0; index < this.values.length; index++) {
      if (this.times[index] < since) continue;
      sum += this.values[index];
      count++;
    }
    return count === 0 ? undefined : sum / count;
  }
}

/**
 * Recent latencies per deployment for latency-based routing, as LiteLLM keeps them: seconds per
 * output token over the last `samples` calls, and the same for the time to the first token of
 * streams; a sample older than `ttlMs` no longer counts. Kept per instance: every instance
 * measures its own path to the upstream.
 */
export class LatencyTracker {
  private readonly latency = new Map<string, Samples>();
  private readonly firstToken = new Map<string, Samples>();

  constructor(private readonly args: LatencyArgs) {}

  record(deploymentId: string, sample: LatencySample): void {
    const perToken = sample.completionTokens && sample.completionTokens > 0 ? sample.completionTokens : 1;
    this.samplesOf(this.latency, deploymentId).add((sample.endedAt - sample.startedAt) / 1000 / perToken, sample.endedAt);
    if (sample.firstTokenAt !== undefined) {
      this.samplesOf(this.firstToken, deploymentId).add((sample.firstTokenAt - sample.startedAt) / 1000 / perToken, sample.endedAt);
    }
  }

  /** A timed-out call: LiteLLM counts it as 1000 s, so the deployment is avoided while the sample lasts. */
  recordTimeout(deploymentId: string, at: number): void {
    this.samplesOf(this.latency, deploymentId).add(timeoutPenaltySeconds, at);
  }

  /** The score a pick compares: for a stream the time-to-first-token mean if there is one; 0 without samples. */
  average(deploymentId: string, streamed: boolean, now: number): number {
    const since = now - this.args.ttlMs;
    if (streamed) {
      const firstToken = this.firstToken.get(deploymentId)?.average(since);
      if (firstToken !== undefined) return firstToken;
    }
    return this.latency.get(deploymentId)?.average(since) ?? 0;
  }

  private samplesOf(map: Map<string, Samples>, deploymentId: string): Samples {
    let samples = map.get(deploymentId);
    if (!samples) {
      samples = new Samples(this.args.samples);
      map.set(deploymentId, samples);
    }
    return samples;
  }
}
