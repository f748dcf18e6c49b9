import { AsyncLocalStorage } from "node:async_hooks";
import type { Delivery } from "../../redis/change-bus";

/** What the instances said about the changes one request made. */
export interface Confirmations {
  /** Every instance expected to apply at least one of the changes. */
  expected: string[];
  /** Those that did not confirm every change within the wait. */
  unconfirmed: string[];
}

/**
 * Read-your-writes for whatever a request changes: every change published while a request runs
 * inside `track` is noted, and `track` resolves once each is confirmed (or its bus gave up
 * waiting). The stores that publish changes know nothing of requests, so a kind of change added
 * later is waited for without anyone remembering to.
 */
export class ChangeConfirmations {
  private readonly storage = new AsyncLocalStorage<{ deliveries: Promise<Delivery>[]; open: boolean }>();

  /** Called for every published change; outside a tracked request (timers, /v1 traffic) it does nothing. */
  note(delivery: Promise<Delivery>): void {
    const store = this.storage.getStore();
    // A timer started during a tracked request keeps its store: once answered, nothing is kept for it.
    if (store?.open) store.deliveries.push(delivery);
  }

  async track<T>(run: () => Promise<T>): Promise<{ value: T; confirmations: Confirmations }> {
    const store = { deliveries: [] as Promise<Delivery>[], open: true };
    const { deliveries } = store;
    let value: T;
    try {
      value = await this.storage.run(store, run);
    } catch (error) {
      store.open = false;
      throw error;
    }
    const expected = new Set<string>();
    const unconfirmed = new Set<string>();
    // A change's listeners may publish more while the first ones settle: read until none is new.
    for (let index = 0; index < deliveries.length; index++) {
      const delivery = await deliveries[index];
      for (const name of delivery.expected) expected.add(name);
      for (const name of delivery.unconfirmed) unconfirmed.add(name);
    }
    store.open = false;
    return { value, confirmations: { expected: [...expected], unconfirmed: [...unconfirmed] } };
  }
}

/** The answer's headers saying how far a change has reached (docs/scale-out.md). */
export function confirmationHeaders(confirmations: Confirmations): Record<string, string> {
  if (confirmations.expected.length === 0 && confirmations.unconfirmed.length === 0) return {};
  const headers: Record<string, string> = {
    "x-switchyard-change-confirmed": `${confirmations.expected.filter((name) => !confirmations.unconfirmed.includes(name)).length}/${confirmations.expected.length}`,
  };
  if (confirmations.unconfirmed.length > 0) headers["x-switchyard-unconfirmed-instances"] = confirmations.unconfirmed.join(", ");
  return headers;
}
