/** A bearer token and when it stops being accepted (ms since the epoch). */
export interface AccessToken {
  token: string;
  expiresAt: number;
}

interface Entry {
  current?: AccessToken;
  /** When `current` was fetched: its lifetime decides how early it is renewed. */
  fetchedAt: number;
  /** The one fetch under way for this key, which every caller that needs it awaits. */
  pending?: Promise<AccessToken>;
}

/** Renew once this much of the lifetime is left: 5 minutes of an hour's token, a fifth of a short one. */
function renewMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 5);
}

/** Stop sending a token once this much is left, so none arrives expired: a minute, or a tenth of a short lifetime. */
function sendMargin(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

/**
 * OAuth access tokens (Google's service-account tokens), one per credential, shared by every
 * request that uses it. Concurrent first requests share one fetch; a token is renewed ahead of
 * its expiry (the requests in between keep using it while the renewal runs) and is never handed
 * out in its last moments. A failed fetch is not remembered: the next request tries again.
 */
export class AccessTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The token for `key` (a credential's identity, never its secret), fetched with `fetchToken` when there is none fit to send. */
  async token(key: string, fetchToken: () => Promise<AccessToken>): Promise<string> {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { fetchedAt: 0 }));
    const now = this.now();
    const { current } = entry;
    if (current) {
      const lifetime = current.expiresAt - entry.fetchedAt;
      if (now < current.expiresAt - renewMargin(lifetime)) return current.token;
      if (now < current.expiresAt - sendMargin(lifetime)) {
        // Renew in the background; a failure here surfaces to whoever must wait for the next one.
        this.renew(entry, fetchToken).catch(() => undefined);
        return current.token;
      }
    }
    return (await this.renew(entry, fetchToken)).token;
  }

  /** Forget a token the provider refused (revoked early, say), so the next request fetches another. */
  discard(key: string, token: string): void {
    const entry = this.entries.get(key);
    if (entry?.current?.token === token) entry.current = undefined;
  }

  private renew(entry: Entry, fetchToken: () => Promise<AccessToken>): Promise<AccessToken> {
    if (entry.pending) return entry.pending;
    const startedAt = this.now();
    const pending = fetchToken().then(
      (fetched) => {
        entry.current = fetched;
        entry.fetchedAt = startedAt;
        entry.pending = undefined;
        return fetched;
      },
      (error: unknown) => {
        entry.pending = undefined;
        throw error;
      },
    );
    entry.pending = pending;
    return pending;
  }
}
