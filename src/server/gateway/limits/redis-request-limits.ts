import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Principal } from "../keys/principal";
import { admitScript } from "./redis-admit-script";
import { limitSubjectsOf, limitWindowMs, requestLimitError, tokenLimitError, type LimitSubject } from "./limit-subjects";
import { MemoryRequestLimits, type RequestLimits } from "./request-limits";

/** `[0]` when admitted, else `[subject number (1-based), 1 rpm | 2 tpm, ms until room]`. */
type AdmitVerdict = number[];

interface AdmitCommand {
  switchyardAdmit(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<AdmitVerdict>;
}

export interface RedisRequestLimitsOptions {
  /** Before every key, so gateways sharing a Redis with others stay apart. */
  prefix?: string;
  log?: Logger;
}

/**
 * One exact sliding minute shared by every instance using the same Redis. While Redis cannot
 * answer, each instance limits with its own memory (a fleet of n then admits up to n times the
 * limit) rather than refusing or ignoring limits, and returns to Redis as soon as it answers.
 */
export class RedisRequestLimits implements RequestLimits {
  private readonly prefix: string;
  private readonly log?: Logger;
  private readonly fallback = new MemoryRequestLimits();
  // Members must be unique: two requests in the same millisecond are two entries.
  private readonly instanceId = randomUUID();
  private sequence = 0;
  private unreachable = false;

  constructor(
    private readonly redis: Redis,
    options: RedisRequestLimitsOptions = {},
  ) {
    this.prefix = options.prefix ?? "switchyard:";
    this.log = options.log;
    redis.defineCommand("switchyardAdmit", { lua: admitScript });
  }

  async admit(principal: Principal, now: number): Promise<void> {
    const subjects = limitSubjectsOf(principal);
    if (subjects.length === 0) return;
    const keys = subjects.flatMap((subject) => [this.requestsKey(subject), this.tokensKey(subject)]);
    const limits = subjects.flatMap((subject) => [subject.rpmLimit ?? -1, subject.tpmLimit ?? -1]);
    let verdict: AdmitVerdict;
    try {
      verdict = await (this.redis as Redis & AdmitCommand).switchyardAdmit(keys.length, ...keys, now, limitWindowMs, this.member(now), ...limits);
    } catch (error) {
      this.noteUnreachable(error);
      return this.fallback.admit(principal, now);
    }
    this.noteReachable();
    const [index, limit, msUntilRoom] = verdict;
    if (index === 0) return;
    const subject = subjects[index - 1];
    throw limit === 1 ? requestLimitError(subject, msUntilRoom) : tokenLimitError(subject, msUntilRoom);
  }

  async recordTokens(principal: Principal, tokens: number, now: number): Promise<void> {
    if (tokens <= 0) return;
    const subjects = limitSubjectsOf(principal).filter((subject) => subject.tpmLimit !== null);
    if (subjects.length === 0) return;
    const transaction = this.redis.multi();
    for (const subject of subjects) {
      transaction.zadd(this.tokensKey(subject), now, `${Math.round(tokens)}:${this.member(now)}`);
      transaction.pexpire(this.tokensKey(subject), limitWindowMs);
    }
    try {
      await transaction.exec();
      this.noteReachable();
    } catch (error) {
      this.noteUnreachable(error);
      await this.fallback.recordTokens(principal, tokens, now);
    }
  }

  private requestsKey(subject: LimitSubject): string {
    return `${this.prefix}limits:${subject.id}:requests`;
  }

  private tokensKey(subject: LimitSubject): string {
    return `${this.prefix}limits:${subject.id}:tokens`;
  }

  private member(now: number): string {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${now}:${this.instanceId}:${this.sequence}`;
  }

  private noteUnreachable(error: unknown): void {
    if (this.unreachable) return;
    this.unreachable = true;
    this.log?.warn({ err: error instanceof Error ? error.message : String(error) }, "rate limits: redis unreachable, limiting per instance");
  }

  private noteReachable(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this.log?.info("rate limits: redis reachable again, limits shared");
  }
}
