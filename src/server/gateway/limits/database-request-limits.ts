import { and, gt, inArray, lt, sql } from "drizzle-orm";
import type { AppDatabase, Database } from "../../db";
import type { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { limitSubjectsOf, limitWindowMs, requestLimitError, tokenLimitError, type LimitSubject } from "./limit-subjects";
import type { RequestLimits } from "./request-limits";

const windowSeconds = limitWindowMs / 1_000;
/** Rows older than this can no longer count; `purge` removes them. */
const keptSeconds = 2 * windowSeconds;

interface Usage {
  requests: number;
  tokens: number;
  oldestRequestSecond: number | null;
  oldestTokenSecond: number | null;
}

const unused: Usage = { requests: 0, tokens: 0, oldestRequestSecond: null, oldestTokenSecond: null };

/** A request waiting for its admission, and how to tell it the verdict. */
interface Waiting {
  subjects: readonly LimitSubject[];
  now: number;
  settle(refusal: GatewayError | undefined): void;
  fail(error: unknown): void;
}

/**
 * Limits shared by every instance through PostgreSQL, for a fleet without Redis: per subject a
 * row per second, summed over the last 60 (so the minute slides in one-second steps). A
 * transaction-scoped advisory lock per subject makes check-and-count atomic across instances.
 * Within an instance, requests of the same subjects are admitted in batches: one transaction at
 * a time per subject decides for every request that arrived meanwhile. One transaction each
 * held a pool connection while waiting for the lock, so a burst on one key took every connection
 * and the rest of the burst timed out waiting for one (503) instead of being admitted or refused.
 * PostgreSQL only: a single SQLite instance limits in memory (MemoryRequestLimits).
 */
export class DatabaseRequestLimits implements RequestLimits {
  /** Subject ids (joined) -> requests waiting for the next transaction of those subjects. */
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly draining = new Set<string>();

  constructor(private readonly database: Database) {
    if (database.dialect !== "postgres") throw new Error("DatabaseRequestLimits needs PostgreSQL; use MemoryRequestLimits with SQLite");
  }

  async admit(principal: Principal, now: number): Promise<void> {
    const subjects = limitSubjectsOf(principal);
    if (subjects.length === 0) return;
    const group = subjects.map((subject) => subject.id).join(" ");
    const refusal = await new Promise<GatewayError | undefined>((settle, fail) => {
      const queue = this.waiting.get(group);
      if (queue) queue.push({ subjects, now, settle, fail });
      else this.waiting.set(group, [{ subjects, now, settle, fail }]);
      if (!this.draining.has(group)) void this.drain(group);
    });
    if (refusal) throw refusal;
  }

  private async drain(group: string): Promise<void> {
    this.draining.add(group);
    try {
      for (let batch = this.waiting.get(group); batch; batch = this.waiting.get(group)) {
        this.waiting.delete(group);
        try {
          const verdicts = await this.admitBatch(batch);
          batch.forEach((waiting, index) => waiting.settle(verdicts[index]));
        } catch (error) {
          for (const waiting of batch) waiting.fail(error);
        }
      }
    } finally {
      this.draining.delete(group);
    }
  }

  /** One transaction for a batch of requests of the same subjects: each admitted in turn while there is room. */
  private admitBatch(batch: readonly Waiting[]): Promise<(GatewayError | undefined)[]> {
    const subjects = batch[0].subjects;
    const now = Math.max(...batch.map((waiting) => waiting.now));
    const second = Math.floor(now / 1_000);
    return this.database.transaction(async (tx) => {
      // Always the same order (key before team), so two admissions never wait on each other in a cycle.
      for (const subject of subjects) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${subject.id}))`);
      const stored = await this.usageOf(tx, subjects, second);
      const usage = new Map(subjects.map((subject) => [subject.id, { ...(stored.get(subject.id) ?? unused) }]));
      const added = new Map<string, number>();
      const verdicts = batch.map((waiting) => {
        for (const subject of waiting.subjects) {
          const used = usage.get(subject.id)!;
          if (subject.rpmLimit !== null && used.requests >= subject.rpmLimit) return requestLimitError(subject, msUntilSecondLeaves(used.oldestRequestSecond, now));
          if (subject.tpmLimit !== null && used.tokens >= subject.tpmLimit) return tokenLimitError(subject, msUntilSecondLeaves(used.oldestTokenSecond, now));
        }
        for (const subject of waiting.subjects) {
          if (subject.rpmLimit === null) continue;
          const used = usage.get(subject.id)!;
          used.requests++;
          used.oldestRequestSecond ??= second;
          added.set(subject.id, (added.get(subject.id) ?? 0) + 1);
        }
        return undefined;
      });
      if (added.size > 0)
        await this.add(
          tx,
          [...added].map(([subject, requests]) => ({ subject, requests, tokens: 0 })),
          second,
        );
      return verdicts;
    });
  }

  async recordTokens(principal: Principal, tokens: number, now: number): Promise<void> {
    if (tokens <= 0) return;
    const subjects = limitSubjectsOf(principal).filter((subject) => subject.tpmLimit !== null);
    if (subjects.length === 0) return;
    await this.add(
      this.database.db,
      subjects.map((subject) => ({ subject: subject.id, requests: 0, tokens: Math.round(tokens) })),
      Math.floor(now / 1_000),
    );
  }

  /** Deletes the rows no window can reach any more; run now and then. */
  async purge(now: number): Promise<void> {
    const { rateLimitCounters } = this.database.tables;
    await this.database.db.delete(rateLimitCounters).where(lt(rateLimitCounters.second, Math.floor(now / 1_000) - keptSeconds));
  }

  private async usageOf(tx: AppDatabase, subjects: readonly LimitSubject[], second: number): Promise<Map<string, Usage>> {
    const counters = this.database.tables.rateLimitCounters;
    const rows = await tx
      .select({
        // PostgreSQL returns bigint aggregates as strings; a null minimum stays null.
        subject: counters.subject,
        requests: sql<number>`coalesce(sum(${counters.requests}), 0)`.mapWith(Number),
        tokens: sql<number>`coalesce(sum(${counters.tokens}), 0)`.mapWith(Number),
        oldestRequestSecond: sql<number | null>`min(${counters.second}) filter (where ${counters.requests} > 0)`.mapWith(Number),
        oldestTokenSecond: sql<number | null>`min(${counters.second}) filter (where ${counters.tokens} > 0)`.mapWith(Number),
      })
      .from(counters)
      .where(
        and(
          inArray(
            counters.subject,
            subjects.map((subject) => subject.id),
          ),
          gt(counters.second, second - windowSeconds),
        ),
      )
      .groupBy(counters.subject);
    return new Map(rows.map((row) => [row.subject, row]));
  }

  private async add(tx: AppDatabase, amounts: readonly { subject: string; requests: number; tokens: number }[], second: number): Promise<void> {
    const counters = this.database.tables.rateLimitCounters;
    await tx
      .insert(counters)
      .values(amounts.map((amount) => ({ ...amount, second })))
      .onConflictDoUpdate({
        target: [counters.subject, counters.second],
        set: {
          requests: sql`${counters.requests} + excluded.requests`,
          tokens: sql`${counters.tokens} + excluded.tokens`,
        },
      });
  }
}

/** A second's row leaves the window when the second 60 s after it begins. */
function msUntilSecondLeaves(second: number | null, now: number): number {
  if (second === null) return 0;
  return Math.max(0, (second + windowSeconds) * 1_000 - now);
}
