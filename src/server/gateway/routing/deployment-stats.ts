/** How far back the Models page's per-deployment figures reach. */
export const statsWindowMs = 5 * 60_000;
/** Samples kept per deployment: enough for a stable p95, bounded whatever the traffic. */
const maxSamples = 2_000;

export interface DeploymentStatsView {
  windowSeconds: number;
  requests: number;
  errors: number;
  /** Milliseconds to the upstream's answer (headers, for a stream) of the successful calls, or null without any. */
  p50Ms: number | null;
  p95Ms: number | null;
}

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

/**
 * Each deployment's recent calls on this instance: how many, how many failed (any upstream
 * error, not only those that count toward a cooldown) and their latency percentiles.
 */
export class DeploymentStats {
  private readonly samples = new Map<string, Sample[]>();

  record(deploymentId: string, sample: Sample): void {
    let list = this.samples.get(deploymentId);
    if (!list) this.samples.set(deploymentId, (list = []));
    list.push(sample);
    if (list.length > maxSamples) list.splice(0, list.length - maxSamples);
  }

  view(deploymentId: string, now: number): DeploymentStatsView {
    const since = now - statsWindowMs;
    const recent = (this.samples.get(deploymentId) ?? []).filter((sample) => sample.at >= since);
    const latencies = recent
      .filter((sample) => sample.ok)
      .map((sample) => sample.ms)
      .sort((a, b) => a - b);
    return {
      windowSeconds: statsWindowMs / 1000,
      requests: recent.length,
      errors: recent.filter((sample) => !sample.ok).length,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
    };
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(fraction * sorted.length);
  return Math.round(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}
