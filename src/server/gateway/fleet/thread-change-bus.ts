import { BroadcastChannel } from "node:worker_threads";
import { changeSchema } from "../../redis/change";
import type { Change, ChangeBus } from "../../redis/change-bus";

/**
 * Changes between the threads of one process: the main thread, which serves /v1, and the
 * dashboard's thread, each with a gateway of its own over the same database. The channel's name
 * is made per process by the main thread, so gateways of other processes or tests never hear it.
 * A channel does not hear its own messages, as a publisher should not.
 */
export class ThreadChangeBus implements ChangeBus {
  readonly kind = "local";
  private readonly channel: BroadcastChannel;
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: unknown) => {
      const parsed = changeSchema.safeParse((event as { data: unknown }).data);
      if (parsed.success) for (const listener of this.listeners) listener(parsed.data);
    };
    // The channel alone never keeps a thread alive.
    (this.channel as BroadcastChannel & { unref(): void }).unref();
  }

  async publish(change: Change): Promise<void> {
    this.channel.postMessage(change);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.channel.close();
  }
}

/** Publishes to every bus and hears from every bus: the fleet's Redis and the process's own threads. */
export class ChangeBuses implements ChangeBus {
  readonly kind: ChangeBus["kind"];

  constructor(private readonly buses: readonly ChangeBus[]) {
    this.kind = buses.some((bus) => bus.kind === "redis") ? "redis" : "local";
  }

  async publish(change: Change): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.publish(change)));
  }

  subscribe(listener: (change: Change) => void): () => void {
    const unsubscribes = this.buses.map((bus) => bus.subscribe(listener));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  async close(): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.close()));
  }
}
