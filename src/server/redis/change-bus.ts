import type { Change } from "./change";

export type { Change } from "./change";
export { RedisChangeBus } from "./redis-change-bus";

/**
 * What became of a published change: which instances (gateways: every thread of every process
 * that serves or renders) were expected to apply it and which of them did not say they had
 * within the bounded wait. Empty for changes nobody confirms (cooldowns, spend).
 */
export interface Delivery {
  expected: string[];
  unconfirmed: string[];
}

export const noDelivery: Delivery = { expected: [], unconfirmed: [] };

/** A listener may return a promise: the change counts as applied here once it settles. */
export type ChangeListener = (change: Change) => unknown;

/**
 * Tells the other instances what this one changed. A publisher applies a change itself before
 * publishing it, so listeners hear only other instances' changes.
 */
export interface ChangeBus {
  readonly kind: "redis" | "local";
  /**
   * Never rejects: a change that cannot be sent is logged, and the others catch up on resync.
   * A change that needs confirmation (change.ts) resolves once every live instance applied it,
   * or when the bus's wait is over, naming who did not confirm.
   */
  publish(change: Change): Promise<Delivery>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** A single instance has no one to tell. */
export class LocalChangeBus implements ChangeBus {
  readonly kind = "local";

  async publish(): Promise<Delivery> {
    return noDelivery;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}

/**
 * Runs every listener and settles once all have, with whether every one applied the change:
 * an instance confirms only what it has applied.
 */
export async function deliverToAll(listeners: Iterable<ChangeListener>, change: Change, onError: (error: unknown) => void): Promise<boolean> {
  let applied = true;
  const failed = (error: unknown) => {
    applied = false;
    onError(error);
  };
  const running: Promise<void>[] = [];
  for (const listener of listeners) {
    try {
      const result = listener(change);
      if (result instanceof Promise) running.push(result.catch(failed));
    } catch (error) {
      failed(error);
    }
  }
  await Promise.all(running);
  return applied;
}
