import styles from "./models.module.css";

export interface Cooldown {
  until: string;
  remainingMs: number;
  reason: "rate_limited" | "failing";
}

const reasons = { rate_limited: "rate limited upstream", failing: "failing" } as const;

/** Healthy, or cooling down with why and a countdown; words, not colour alone. `elapsedMs`: since the server answered. */
export function HealthBadge({ cooldown, elapsedMs }: { cooldown: Cooldown | null; elapsedMs: number }) {
  if (!cooldown) return <span className={`${styles.badge} ${styles.healthy}`}>healthy</span>;
  const secondsLeft = Math.ceil((cooldown.remainingMs - elapsedMs) / 1000);
  if (secondsLeft <= 0) return <span className={`${styles.badge} ${styles.recovering}`}>back in rotation</span>;
  return (
    <span className={`${styles.badge} ${styles.cooling}`} title={`Until ${new Date(cooldown.until).toLocaleTimeString()}`}>
      cooling down ({reasons[cooldown.reason]}): {secondsLeft} s left
    </span>
  );
}
