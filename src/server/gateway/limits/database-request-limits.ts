import { and, gt, inArray, lt, sql } from "drizzle-orm";
import type { AppDatabase, Database } from "../../db";
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

/**
 * Limits shared by every instance through PostgreSQL, for a fleet without Redis: per subject a
 * row per second, summed over the last 60 (so the minute slides in one-second steps). A
 * transaction-scoped advisory lock per subject makes check-and-count atomic across instances.
 * PostgreSQL only: a single SQLite instance limits in memory (MemoryRequestLimits).
 */
export class DatabaseRequestLimits implements RequestLimits {
  constructor(private readonly database: Database) {
    if (database.dialect !== "postgres") throw new Error("DatabaseRequestLimits needs PostgreSQL; use MemoryRequestLimits with SQLite");
  }

  async admit(principal: Principal, now: number): Promise<void> {
    const subjects = limitSubjectsOf(principal);
    if (subjects.length === 0) return;
    const second = Math.floor(now / 1_000);
    const refusal = await this.database.transaction(async (tx) => {
      // Always the same order (key before team), so two admissions never wait on each other in a cycle.
      for (const subject of subjects) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${subject.id}))`);
      const usage = await this.usageOf(tx, subjects, second);
      for (const subject of subjects) {
        const used = usage.get(subject.id) ?? unused;
        if (subject.rpmLimit !== null && used.requests >= subject.rpmLimit) {
          return requestLimitError(subject, msUntilSecondLeaves(used.oldestRequestSecond, now));
        }
        if (subject.tpmLimit !== null && used.tokens >= subject.tpmLimit) {
          return tokenLimitError(subject, msUntilSecondLeaves(used.oldestTokenSecond, now));
        }
      }
      const counted = subjects.filter((subject) => subject.rpmLimit !== null);
      if (counted.length > 0) await this.add(tx, counted, second, { requests: 1, tokens: 0 });
      return undefined;
    });
    if (refusal) throw refusal;
  }

  async recordTokens(principal: Principal, tokens: number, now: number): Promise<void> {
    if (tokens <= 0) return;
    const subjects = limitSubjectsOf(principal).filter((subject) => subject.tpmLimit !== null);
    if (subjects.length === 0) return;
    await this.add(this.database.db, subjects, Math.floor(now / 1_000), { requests: 0, tokens: Math.round(tokens) });
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

  private async add(tx: AppDatabase, subjects: readonly LimitSubject[], second: number, amount: { requests: number; tokens: number }): Promise<void> {
    const counters = this.database.tables.rateLimitCounters;
    await tx
      .insert(counters)
      .values(subjects.map((subject) => ({ subject: subject.id, second, ...amount })))
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
