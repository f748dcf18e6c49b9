import styles from "./models.module.css";

export interface CheckResult {
  status: "healthy" | "unhealthy" | "skipped";
  latencyMs: number | null;
  checkedAt: string;
  upstreamStatus?: number;
  error?: string;
}

/** A health check's outcome: latency when healthy, the provider's error (secrets already removed) when not; words, not colour alone. */
export function CheckResultView({ result, label }: { result: CheckResult | null; label?: string }) {
  if (!result) return <span className="muted">not checked</span>;
  const at = new Date(result.checkedAt).toLocaleTimeString();
  if (result.status === "healthy")
    return (
      <span>
        <span className={`${styles.badge} ${styles.healthy}`}>{label ?? "healthy"}</span> {result.latencyMs} ms <span className="muted">at {at}</span>
      </span>
    );
  if (result.status === "skipped") return <span className="muted">{result.error}</span>;
  return (
    <span>
      <span className={`${styles.badge} ${styles.cooling}`}>{label ?? "unhealthy"}</span>
      {result.upstreamStatus !== undefined && <> HTTP {result.upstreamStatus}</>} <span className="muted">at {at}</span>
      <span className={styles.error} role="note">
        {result.error}
      </span>
    </span>
  );
}
