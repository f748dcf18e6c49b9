import type { Change } from "./change";

export type { Change } from "./change";
export { RedisChangeBus } from "./redis-change-bus";

/**
 * Tells the other instances what this one changed. A publisher applies a change itself before
 * publishing it, so listeners hear only other instances' changes.
 */
export interface ChangeBus {
  readonly kind: "redis" | "local";
  /** Never rejects: a change that cannot be sent is logged, and the others catch up on resync. */
  publish(change: Change): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void;
  close(): Promise<void>;
}

/** A single instance has no one to tell. */
export class LocalChangeBus implements ChangeBus {
  readonly kind = "local";

  async publish(): Promise<void> {}

  subscribe(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}
