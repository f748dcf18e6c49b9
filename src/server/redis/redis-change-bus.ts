import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { z } from "zod";
import { changeSchema, needsConfirmation, type Change } from "./change";
import { deliverToAll, noDelivery, type ChangeBus, type ChangeListener, type Delivery } from "./change-bus";
import { PendingAcks } from "./pending-acks";
import { connectRedis } from "./redis-connection";

export interface RedisChangeBusOptions {
  /** Before the channel name, so gateways sharing a Redis with others stay apart. */
  prefix?: string;
  /** A connection the owner already has (and closes itself), to publish on instead of opening one more. */
  publisher?: Redis;
  /** How this instance is named to the others and in answers that list who did not confirm. */
  instanceName?: string;
  /** How long a publisher waits for every live instance to confirm a change (default 2 s). */
  confirmTimeoutMs?: number;
  /** How often this instance says it is alive (default 1 s); it counts as gone after three missed beats. */
  heartbeatMs?: number;
}

const envelopeSchema = z.object({ from: z.string(), change: changeSchema, ack: z.string().optional() });
const ackSchema = z.object({ ack: z.string(), by: z.string() });

/** The server's clock, not each instance's: instances on machines whose clocks differ agree on who is alive. */
const beatScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]) * 10)
return now`;
const liveScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')`;

/** What an answer names when Redis could not say which instances are alive. */
export const unknownInstances = "(other instances: Redis unavailable)";

export function defaultInstanceName(role: string): string {
  return `${hostname()}:${process.pid}:${role}:${randomBytes(3).toString("hex")}`;
}

/**
 * Changes over Redis pub/sub on `${prefix}changes`. Pub/sub keeps nothing for a subscriber that
 * was away, so after every reconnection listeners get `resync` and drop what they cached.
 *
 * Read-your-writes: every instance beats in the sorted set `${prefix}instances` (scored by
 * Redis's clock). A change that needs confirmation carries an acknowledgement id; each instance
 * applies it, then answers on `${prefix}change-acks`, and the publisher resolves once every
 * instance alive when it published has answered, or after `confirmTimeoutMs`.
 */
export class RedisChangeBus implements ChangeBus {
  readonly kind = "redis";
  readonly channel: string;
  readonly instanceName: string;
  /** How this instance's own messages begin (see send), which come back to it from the channel. */
  private readonly ownPrefix: string;
  private readonly ackChannel: string;
  private readonly instancesKey: string;
  private readonly heartbeatMs: number;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly acks: PendingAcks;
  private readonly publisher: Redis;
  private readonly ownsPublisher: boolean;
  // A subscribed connection can run nothing else, hence a second one.
  private readonly subscriber: Redis;
  private readonly listeners = new Set<ChangeListener>();
  private subscribedOnce = false;
  private publishFailing = false;
  private readonly firstSubscription: Promise<void>;
  private markSubscribed!: () => void;

  constructor(
    url: string,
    private readonly log: Logger,
    options: RedisChangeBusOptions = {},
  ) {
    const prefix = options.prefix ?? "switchyard:";
    this.channel = `${prefix}changes`;
    this.ackChannel = `${prefix}change-acks`;
    this.instancesKey = `${prefix}instances`;
    this.instanceName = options.instanceName ?? defaultInstanceName("main");
    this.ownPrefix = `{"from":${JSON.stringify(this.instanceName)},`;
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
    this.acks = new PendingAcks(options.confirmTimeoutMs ?? 2_000);
    this.firstSubscription = new Promise((resolve) => (this.markSubscribed = resolve));
    this.ownsPublisher = options.publisher === undefined;
    this.publisher = options.publisher ?? connectRedis(url, log);
    // Subscribed by hand on every 'ready', so we know when a resubscription has happened.
    this.subscriber = connectRedis(url, log, { autoResubscribe: false });
    this.subscriber.on("ready", () => void this.listen());
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
      else if (channel === this.ackChannel) this.receiveAck(message);
    });
  }

  /** Resolves once changes published by others reach this instance (for startup and tests). */
  subscribed(): Promise<void> {
    return this.firstSubscription;
  }

  async publish(change: Change): Promise<Delivery> {
    if (!needsConfirmation(change)) {
      await this.send({ from: this.instanceName, change });
      return noDelivery;
    }
    const others = await this.otherLiveInstances().catch((error: unknown) => {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "change bus: cannot list the live instances");
      return undefined;
    });
    // The others catch up on resync when Redis is back; the answer says they could not be asked.
    if (!others) return { expected: [], unconfirmed: [unknownInstances] };
    const { id, delivery } = this.acks.start(others);
    if (!(await this.send({ from: this.instanceName, change, ack: id }))) this.acks.abandon(id);
    return delivery;
  }

  /** The instances that beat within the last three beats, this one excepted. */
  async otherLiveInstances(): Promise<string[]> {
    const names = (await this.publisher.eval(liveScript, 1, this.instancesKey, String(this.heartbeatMs * 3))) as string[];
    return names.filter((name) => name !== this.instanceName);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    clearInterval(this.heartbeat);
    this.acks.settleAll();
    // Gone at once rather than after three missed beats: nobody waits for a stopped instance.
    await this.publisher.zrem(this.instancesKey, this.instanceName).catch(() => undefined);
    this.subscriber.disconnect();
    if (this.ownsPublisher) this.publisher.disconnect();
  }

  private async send(envelope: { from: string; change: Change; ack?: string }): Promise<boolean> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(envelope));
      this.publishFailing = false;
      return true;
    } catch (error) {
      if (!this.publishFailing) {
        this.publishFailing = true;
        this.log.warn({ err: error instanceof Error ? error.message : String(error), change: envelope.change.kind }, "change bus: cannot publish");
      }
      return false;
    }
  }

  private async beat(): Promise<void> {
    try {
      await this.publisher.eval(beatScript, 1, this.instancesKey, this.instanceName, String(this.heartbeatMs));
    } catch {
      // Redis is away: the connection logs it, and the next beat tries again.
    }
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel, this.ackChannel);
    } catch (error) {
      // Lost again before subscribing; the next 'ready' tries again.
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "change bus: cannot subscribe");
      return;
    }
    if (this.subscribedOnce) void this.deliver({ kind: "resync" });
    this.subscribedOnce = true;
    // Only an instance that hears changes may be waited for: it beats once subscribed.
    await this.beat();
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
      this.heartbeat.unref();
    }
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
    const { from, change, ack } = envelope.data;
    if (from === this.instanceName) return;
    // A change a listener failed to apply is not confirmed: its author names this instance.
    void this.deliver(change).then((applied) => {
      if (ack && applied) void this.publisher.publish(this.ackChannel, JSON.stringify({ ack, by: this.instanceName })).catch(() => undefined);
    });
  }

  private receiveAck(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const ack = ackSchema.safeParse(parsed);
    if (ack.success) this.acks.confirm(ack.data.ack, ack.data.by);
  }

  private deliver(change: Change): Promise<boolean> {
    return deliverToAll(this.listeners, change, (error) => this.log.error({ err: error, change: change.kind }, "change bus: a listener failed"));
  }
}
