/**
 * Refuses password sign-ins for an email, or from an address, after too many failures: N
 * failures within the window lock it for one window; a right password starts the email afresh.
 * The email limit stops guessing one account; the looser address limit stops one machine
 * spraying many accounts (it is looser because an office shares one address).
 */
export interface ThrottleLimit {
  maxFailures: number;
  windowMs: number;
}

export interface SignInAttempt {
  email: string;
  /** The client's address, when known (see client-address.ts). */
  address?: string;
}

/** What a refused sign-in reports (next-auth's `error`), for the sign-in page to explain. */
export const throttledError = "TooManyAttempts";

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export const defaultSignInLimits = {
  email: { maxFailures: 5, windowMs: 15 * 60_000 },
  address: { maxFailures: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, ThrottleLimit>;

/** Enough for a spray of random emails without letting one exhaust memory. */
const maxEntries = 100_000;

/**
 * In this process's memory: several instances each allow the limit, and a restart forgets it,
 * which still turns millions of guesses into a handful per window.
 */
export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: { email: ThrottleLimit; address: ThrottleLimit } = defaultSignInLimits) {}

  /**
   * Checks and counts one attempt as a failure in one synchronous step, before the password is
   * checked, so parallel guesses cannot all pass the check before any of them has failed.
   */
  admit(attempt: SignInAttempt, now: number): ThrottleVerdict {
    const subjects = this.subjectsOf(attempt);
    let retryAfterMs = 0;
    for (const { key, limit } of subjects) {
      const entry = this.current(key, limit, now);
      if (entry && entry.lockedUntil > now) retryAfterMs = Math.max(retryAfterMs, entry.lockedUntil - now);
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    for (const { key, limit } of subjects) {
      const entry = this.current(key, limit, now) ?? this.create(key, now);
      entry.failures.push(now);
      if (entry.failures.length >= limit.maxFailures) entry.lockedUntil = now + limit.windowMs;
    }
    return { allowed: true };
  }

  /** A right password: the email's failures are forgotten, and this attempt stops counting against the address. */
  succeeded(attempt: SignInAttempt, now: number): void {
    for (const { key, limit } of this.subjectsOf(attempt)) {
      if (key.startsWith("email:")) {
        this.entries.delete(key);
        continue;
      }
      // The address keeps its other failures: signing in to one's own account must not reset a spray.
      const entry = this.current(key, limit, now);
      if (!entry) continue;
      entry.failures.pop();
      if (entry.failures.length < limit.maxFailures) entry.lockedUntil = 0;
    }
  }

  private subjectsOf(attempt: SignInAttempt): { key: string; limit: ThrottleLimit }[] {
    const subjects = [{ key: `email:${attempt.email.trim().toLowerCase()}`, limit: this.limits.email }];
    if (attempt.address) subjects.push({ key: `address:${attempt.address}`, limit: this.limits.address });
    return subjects;
  }

  /** The entry with failures older than the window dropped; undefined once nothing is left of it. */
  private current(key: string, limit: ThrottleLimit, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.failures = entry.failures.filter((at) => at > now - limit.windowMs);
    if (entry.lockedUntil <= now && entry.failures.length === 0) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private create(key: string, now: number): Entry {
    if (this.entries.size >= maxEntries) this.evict(now);
    const entry: Entry = { failures: [], lockedUntil: 0 };
    this.entries.set(key, entry);
    return entry;
  }

  /** Drops what has expired, else the oldest entry (a Map iterates in insertion order). */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const limit = key.startsWith("email:") ? this.limits.email : this.limits.address;
      if (entry.lockedUntil <= now && entry.failures.every((at) => at <= now - limit.windowMs)) this.entries.delete(key);
    }
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
