import { BroadcastChannel } from "node:worker_threads";
import { z } from "zod";
import { changeSchema, needsConfirmation } from "../../redis/change";
import { deliverToAll, noDelivery, type Change, type ChangeBus, type ChangeListener, type Delivery } from "../../redis/change-bus";
import { PendingAcks } from "../../redis/pending-acks";

const messageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("change"), from: z.string(), change: changeSchema, ack: z.string().optional() }),
  z.object({ type: z.literal("ack"), ack: z.string(), by: z.string() }),
  // Joining says hello and the others answer "here"; leaving says bye: each knows whom to wait for.
  z.object({ type: z.literal("hello"), from: z.string() }),
  z.object({ type: z.literal("here"), from: z.string() }),
  z.object({ type: z.literal("bye"), from: z.string() }),
]);
type ThreadMessage = z.infer<typeof messageSchema>;

/**
 * Changes between the threads of one process: the main thread, which serves /v1, and the
 * dashboard's thread, each with a gateway of its own over the same database. The channel's name
 * is made per process by the main thread, so gateways of other processes or tests never hear it.
 * A channel does not hear its own messages, as a publisher should not.
 *
 * A change that needs confirmation resolves once every other thread on the channel has applied
 * it (or after `confirmTimeoutMs`): with or without Redis, a change made in one thread is in
 * force in the other before it is answered.
 */
export class ThreadChangeBus implements ChangeBus {
  readonly kind = "local";
  private readonly channel: BroadcastChannel;
  private readonly listeners = new Set<ChangeListener>();
  private readonly peerNames = new Set<string>();
  private readonly acks: PendingAcks;

  constructor(
    name: string,
    readonly instanceName = `thread-${Math.random().toString(16).slice(2, 8)}`,
    confirmTimeoutMs = 2_000,
  ) {
    this.acks = new PendingAcks(confirmTimeoutMs);
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: unknown) => {
      const parsed = messageSchema.safeParse((event as { data: unknown }).data);
      if (parsed.success) this.receive(parsed.data);
    };
    // The channel alone never keeps a thread alive.
    (this.channel as BroadcastChannel & { unref(): void }).unref();
    this.post({ type: "hello", from: this.instanceName });
  }

  async publish(change: Change): Promise<Delivery> {
    if (!needsConfirmation(change)) {
      this.post({ type: "change", from: this.instanceName, change });
      return noDelivery;
    }
    const { id, delivery } = this.acks.start(this.peerNames);
    this.post({ type: "change", from: this.instanceName, change, ack: id });
    return delivery;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The other threads on the channel this one would wait for. */
  peers(): string[] {
    return [...this.peerNames];
  }

  async close(): Promise<void> {
    this.acks.settleAll();
    this.post({ type: "bye", from: this.instanceName });
    this.channel.close();
  }

  private post(message: ThreadMessage): void {
    this.channel.postMessage(message);
  }

  private receive(message: ThreadMessage): void {
    switch (message.type) {
      case "hello":
        this.peerNames.add(message.from);
        return this.post({ type: "here", from: this.instanceName });
      case "here":
        return void this.peerNames.add(message.from);
      case "bye":
        return void this.peerNames.delete(message.from);
      case "ack":
        return this.acks.confirm(message.ack, message.by);
      case "change": {
        this.peerNames.add(message.from);
        const { change, ack } = message;
        void deliverToAll(this.listeners, change, () => undefined).then((applied) => {
          if (ack && applied) this.post({ type: "ack", ack, by: this.instanceName });
        });
        return;
      }
    }
  }
}

/** Publishes to every bus and hears from every bus: the fleet's Redis and the process's own threads. */
export class ChangeBuses implements ChangeBus {
  readonly kind: ChangeBus["kind"];

  constructor(private readonly buses: readonly ChangeBus[]) {
    this.kind = buses.some((bus) => bus.kind === "redis") ? "redis" : "local";
  }

  /** Confirmed once confirmed on every bus; an instance reachable on two (the other thread, over Redis too) is named once. */
  async publish(change: Change): Promise<Delivery> {
    const deliveries = await Promise.all(this.buses.map((bus) => bus.publish(change)));
    const expected = new Set(deliveries.flatMap((delivery) => delivery.expected));
    const unconfirmed = new Set(deliveries.flatMap((delivery) => delivery.unconfirmed));
    return { expected: [...expected], unconfirmed: [...unconfirmed] };
  }

  subscribe(listener: ChangeListener): () => void {
    const unsubscribes = this.buses.map((bus) => bus.subscribe(listener));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  async close(): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.close()));
  }
}
