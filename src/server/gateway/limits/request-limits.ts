import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { SlidingWindow } from "./sliding-window";

interface Windows {
  requests: SlidingWindow;
  tokens: SlidingWindow;
}

interface Limited {
  id: string;
  label: "key" | "team";
  rpmLimit: number | null;
  tpmLimit: number | null;
}

function limitedOf(principal: Principal): Limited[] {
  if (principal.kind === "master") return [];
  const out: Limited[] = [{ id: `key:${principal.key.token}`, label: "key", ...principal.key }];
  if (principal.team) out.push({ id: `team:${principal.team.teamId}`, label: "team", ...principal.team });
  return out;
}

function retryAfter(ms: number): Record<string, string> {
  return { "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) };
}

/**
 * rpm and tpm of keys and teams over an exact sliding minute. `admit` checks and counts in one
 * synchronous step, so concurrent requests cannot slip past the limit together.
 */
export class RequestLimits {
  private readonly windows = new Map<string, Windows>();

  admit(principal: Principal, now: number): void {
    const subjects = limitedOf(principal);
    for (const subject of subjects) {
      const windows = this.windowsOf(subject.id);
      if (subject.rpmLimit !== null && windows.requests.total(now) >= subject.rpmLimit) {
        throw new GatewayError(
          "rate_limit_exceeded",
          `Rate limit exceeded: this ${subject.label} allows ${subject.rpmLimit} requests per minute`,
          { headers: retryAfter(windows.requests.msUntilRoom(now)) },
        );
      }
      if (subject.tpmLimit !== null && windows.tokens.total(now) >= subject.tpmLimit) {
        throw new GatewayError(
          "tpm_limit_exceeded",
          `Token rate limit exceeded: this ${subject.label} allows ${subject.tpmLimit} tokens per minute`,
          { headers: retryAfter(windows.tokens.msUntilRoom(now)) },
        );
      }
    }
    for (const subject of subjects) if (subject.rpmLimit !== null) this.windowsOf(subject.id).requests.add(now);
  }

  recordTokens(principal: Principal, tokens: number, now: number): void {
    if (tokens <= 0) return;
    for (const subject of limitedOf(principal)) {
      if (subject.tpmLimit !== null) this.windowsOf(subject.id).tokens.add(now, tokens);
    }
  }

  private windowsOf(id: string): Windows {
    let windows = this.windows.get(id);
    if (!windows) {
      windows = { requests: new SlidingWindow(), tokens: new SlidingWindow() };
      this.windows.set(id, windows);
    }
    return windows;
  }
}
