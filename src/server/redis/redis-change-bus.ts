import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { z } from "zod";
import { changeSchema, type Change } from "./change";
import type { ChangeBus } from "./change-bus";
import { connectRedis } from "./redis-connection";

export interface RedisChangeBusOptions {
  /** Before the channel name, so gateways sharing a Redis with others stay apart. */
  prefix?: string;
  /** A connection the owner already has (and closes itself), to publish on instead of opening one more. */
  publisher?: Redis;
}

const envelopeSchema = z.object({ from: z.string(), change: changeSchema });

/**
 * Changes over Redis pub/sub on `${prefix}changes`. Pub/sub keeps nothing for a subscriber that
 * was away, so after every reconnection listeners get `resync` and drop what they cached.
 */
export class RedisChangeBus implements ChangeBus {
  readonly kind = "redis";
  readonly channel: string;
  private readonly instanceId = randomUUID();
  /** How this instance's own messages begin (see publish), which come back to it from the channel. */
  private readonly ownPrefix = `{"from":${JSON.stringify(this.instanceId)},`;
  private readonly publisher: Redis;
  private readonly ownsPublisher: boolean;
  // A subscribed connection can run nothing else, hence a second one.
  private readonly subscriber: Redis;
  private readonly listeners = new Set<(change: Change) => void>();
  private subscribedOnce = false;
  private publishFailing = false;
  private readonly firstSubscription: Promise<void>;
  private markSubscribed!: () => void;

  constructor(
    url: string,
    private readonly log: Logger,
    options: RedisChangeBusOptions = {},
  ) {
    this.channel = `${options.prefix ?? "switchyard:"}changes`;
    this.firstSubscription = new Promise((resolve) => (this.markSubscribed = resolve));
    this.ownsPublisher = options.publisher === undefined;
    this.publisher = options.publisher ?? connectRedis(url, log);
    // Subscribed by hand on every 'ready', so we know when a resubscription has happened.
    this.subscriber = connectRedis(url, log, { autoResubscribe: false });
    this.subscriber.on("ready", () => void this.listen());
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
  }

  /** Resolves once changes published by others reach this instance (for startup and tests). */
  subscribed(): Promise<void> {
    return this.firstSubscription;
  }

  async publish(change: Change): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify({ from: this.instanceId, change }));
      this.publishFailing = false;
    } catch (error) {
      if (this.publishFailing) return;
      this.publishFailing = true;
      this.log.warn({ err: error instanceof Error ? error.message : String(error), change: change.kind }, "change bus: cannot publish");
    }
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriber.disconnect();
    if (this.ownsPublisher) this.publisher.disconnect();
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      // Lost again before subscribing; the next 'ready' tries again.
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "change bus: cannot subscribe");
      return;
    }
    if (this.subscribedOnce) this.deliver({ kind: "resync" });
    this.subscribedOnce = true;
    this.markSubscribed();
  }

  private receive(message: string): void {
    // Our own, back from the channel: skipped unread. A spend message names every key that spent
    // in the batch (thousands with many busy keys), five times a second; parsing and validating
    // our own only to drop them cost as much as the others'.
    if (message.startsWith(this.ownPrefix)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      this.log.warn({ channel: this.channel }, "change bus: dropped a malformed message");
      return;
    }
    if (envelope.data.from !== this.instanceId) this.deliver(envelope.data.change);
  }

  private deliver(change: Change): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log.error({ err: error, change: change.kind }, "change bus: a listener failed");
      }
    }
  }
}
