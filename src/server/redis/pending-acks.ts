import { randomUUID } from "node:crypto";
import type { Delivery } from "./change-bus";

interface Waiting {
  expected: ReadonlySet<string>;
  confirmed: Set<string>;
  done: () => void;
}

/**
 * The acknowledgements a bus is waiting for: one entry per published change, settled when every
 * expected instance has confirmed it or when the wait is over, whichever comes first.
 */
export class PendingAcks {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly timeoutMs: number) {}

  /** Registers the wait before the change goes out, so no acknowledgement can arrive unheard. */
  start(expected: Iterable<string>): { id: string; delivery: Promise<Delivery> } {
    const id = randomUUID();
    const expectedSet = new Set(expected);
    if (expectedSet.size === 0) return { id, delivery: Promise.resolve({ expected: [], unconfirmed: [] }) };
    let timer: NodeJS.Timeout | undefined;
    const delivery = new Promise<Delivery>((resolve) => {
      const entry: Waiting = {
        expected: expectedSet,
        confirmed: new Set(),
        done: () => {
          clearTimeout(timer);
          this.waiting.delete(id);
          resolve({ expected: [...expectedSet], unconfirmed: [...expectedSet].filter((name) => !entry.confirmed.has(name)) });
        },
      };
      this.waiting.set(id, entry);
      timer = setTimeout(entry.done, this.timeoutMs);
      timer.unref();
    });
    return { id, delivery };
  }

  confirm(id: string, by: string): void {
    const entry = this.waiting.get(id);
    if (!entry || !entry.expected.has(by)) return;
    entry.confirmed.add(by);
    if (entry.confirmed.size === entry.expected.size) entry.done();
  }

  /** The change could not be sent: nobody will confirm, so the wait ends now. */
  abandon(id: string): void {
    this.waiting.get(id)?.done();
  }

  /** Closing: every wait ends with what it has. */
  settleAll(): void {
    for (const entry of [...this.waiting.values()]) entry.done();
  }
}
