import type { Principal } from "../keys/principal";
import { limitSubjectsOf, limitWindowMs, requestLimitError, tokenLimitError } from "./limit-subjects";
import { SlidingWindow } from "./sliding-window";

/**
 * rpm and tpm of keys and teams. `admit` checks and counts a request in one step, or rejects with
 * a 429 GatewayError carrying Retry-After; `recordTokens` counts what a finished request used.
 */
export interface RequestLimits {
  admit(principal: Principal, now: number): Promise<void>;
  recordTokens(principal: Principal, tokens: number, now: number): Promise<void>;
}

interface Windows {
  requests: SlidingWindow;
  tokens: SlidingWindow;
}

/**
 * Limits held by this process alone, over an exact sliding minute. The check and the count run
 * synchronously before the returned promise settles, so concurrent requests cannot slip past
 * the limit together.
 */
export class MemoryRequestLimits implements RequestLimits {
  private readonly windows = new Map<string, Windows>();

  async admit(principal: Principal, now: number): Promise<void> {
    const subjects = limitSubjectsOf(principal);
    for (const subject of subjects) {
      const windows = this.windowsOf(subject.id);
      if (subject.rpmLimit !== null && windows.requests.total(now) >= subject.rpmLimit) {
        throw requestLimitError(subject, windows.requests.msUntilRoom(now));
      }
      if (subject.tpmLimit !== null && windows.tokens.total(now) >= subject.tpmLimit) {
        throw tokenLimitError(subject, windows.tokens.msUntilRoom(now));
      }
    }
    for (const subject of subjects) if (subject.rpmLimit !== null) this.windowsOf(subject.id).requests.add(now);
  }

  async recordTokens(principal: Principal, tokens: number, now: number): Promise<void> {
    if (tokens <= 0) return;
    for (const subject of limitSubjectsOf(principal)) {
      if (subject.tpmLimit !== null) this.windowsOf(subject.id).tokens.add(now, tokens);
    }
  }

  private windowsOf(id: string): Windows {
    let windows = this.windows.get(id);
    if (!windows) {
      windows = { requests: new SlidingWindow(limitWindowMs), tokens: new SlidingWindow(limitWindowMs) };
      this.windows.set(id, windows);
    }
    return windows;
  }
}
