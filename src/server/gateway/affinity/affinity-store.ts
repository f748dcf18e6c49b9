import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { AppDatabase, Database } from "../../db";
import type { AffinityRow } from "../../db/schema";
import { GatewayError } from "../errors";

/** Records held while the database cannot take them: bounded so an endless outage cannot eat memory. */
const maxHeldRecords = 100_000;

/** References per look-up statement, well under every database's limit on bound parameters. */
const lookupSlice = 1_000;

/** Records read from the database and kept for the next look-up (a conversation's next turn). */
const maxRecentRecords = 10_000;

export interface AffinityStoreOptions {
  log?: Logger;
  /**
   * One process on SQLite: nobody else reads the records, so they are held in memory (where
   * look-ups see them at once) and written in batches by `retryHeld`, instead of one write
   * transaction per answer. With several instances every record is in the database before the
   * answer's last byte, so any instance can route the follow-up.
   */
  batchWrites?: boolean;
}

/**
 * Response and item ids -> the deployment and credentials that made them, in the database so it
 * survives restarts and every instance shares it. A read is one indexed look-up (a prepared
 * statement for the usual single reference); a write is one multi-row insert per answer. Records
 * the database refuses (it is down) are held, served from memory and written again until it
 * takes them.
 */
export class AffinityStore {
  private readonly held = new Map<string, AffinityRow>();
  /**
   * Records are never changed once written (first writer wins) and only leave when they expire,
   * so a record read once can answer again from memory, on any instance: the next turn of a
   * conversation costs no query (a read transaction on SQLite is a few file locks). Misses are
   * not kept: another instance may write that record a moment later.
   */
  private readonly recent = new Map<string, AffinityRow>();
  private readonly log?: Logger;
  private readonly batchWrites: boolean;
  /** Records of answers waiting for the write in flight to finish; they go out together in the next. */
  private waiting: AffinityRow[] = [];
  private nextWrite: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private readonly byRef;

  constructor(
    private readonly database: Database,
    options: AffinityStoreOptions = {},
  ) {
    this.log = options.log;
    this.batchWrites = options.batchWrites ?? false;
    const { responseAffinity: t } = database.tables;
    this.byRef = database.db
      .select()
      .from(t)
      .where(and(eq(t.ref, sql.placeholder("ref")), gt(t.expiresAt, sql.placeholder("now"))))
      .prepare("affinity_by_ref");
  }

  /** The unexpired records for these references. */
  async find(refs: readonly string[], now: number): Promise<AffinityRow[]> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return [];
    const inMemory: AffinityRow[] = [];
    const toRead: string[] = [];
    for (const ref of unique) {
      const row = this.held.get(ref) ?? this.recent.get(ref);
      if (row !== undefined && row.expiresAt.getTime() > now) {
        inMemory.push(row);
        continue;
      }
      // Expired here: once purged, the ref may have been recorded again with new owners.
      if (row !== undefined) this.recent.delete(ref);
      toRead.push(ref);
    }
    try {
      const stored =
        toRead.length === 0
          ? []
          : toRead.length === 1
            ? // Placeholders reach the driver as they are: SQLite stores milliseconds, PostgreSQL takes a Date.
              await this.byRef.execute({ ref: toRead[0], now: this.database.dialect === "sqlite" ? now : new Date(now) })
            : await this.findMany(toRead, now);
      for (const row of stored) this.remember(row);
      const rows = inMemory.length === 0 ? stored : [...inMemory, ...stored];
      // In the order asked for, whatever order the database returned (messages name refs in it).
      const position = new Map(unique.map((ref, index) => [ref, index]));
      return rows.sort((a, b) => position.get(a.ref)! - position.get(b.ref)!);
    } catch (error) {
      this.log?.error({ err: error }, "affinity look-up failed: database unreachable");
      throw new GatewayError("database_unavailable", "The gateway's database is unreachable, so this conversation's deployment cannot be looked up; retry shortly");
    }
  }

  private remember(row: AffinityRow): void {
    if (this.recent.has(row.ref)) return;
    if (this.recent.size >= maxRecentRecords) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(row.ref, row);
  }

  /**
   * A long list in slices: one statement takes at most 32,766 parameters on SQLite (65,535 on
   * PostgreSQL), and a Responses input can name more items than that.
   */
  private async findMany(refs: readonly string[], now: number): Promise<AffinityRow[]> {
    const { responseAffinity: t } = this.database.tables;
    const rows: AffinityRow[] = [];
    for (let start = 0; start < refs.length; start += lookupSlice) {
      const slice = refs.slice(start, start + lookupSlice);
      rows.push(
        ...(await this.database.db
          .select()
          .from(t)
          .where(and(inArray(t.ref, slice), gt(t.expiresAt, new Date(now))))),
      );
    }
    return rows;
  }

  /** Written before the answer's last byte leaves, so a quick follow-up finds it. First writer wins. Never throws. */
  async record(rows: readonly AffinityRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.batchWrites && this.held.size < maxHeldRecords) {
      for (const row of rows) if (!this.held.has(row.ref)) this.held.set(row.ref, row);
      return;
    }
    for (const row of rows) this.waiting.push(row);
    this.nextWrite ??= this.writeWaiting();
    return this.nextWrite;
  }

  /**
   * Group commit: one write at a time, and the records of every answer that finished meanwhile
   * go out together in the next one (one multi-row insert, one commit), instead of a statement
   * per answer queueing for the pool's connections.
   */
  private async writeWaiting(): Promise<void> {
    await this.writing;
    this.nextWrite = undefined;
    const rows = this.waiting;
    this.waiting = [];
    const write = this.insert(rows, this.database.db).catch((error: unknown) => {
      this.log?.error({ err: error, records: rows.length }, "affinity write failed; records held until the database is back");
      for (const row of rows) if (this.held.size < maxHeldRecords) this.held.set(row.ref, row);
    });
    this.writing = write;
    await write;
    if (this.writing === write) this.writing = undefined;
  }

  get heldRecords(): number {
    return this.held.size;
  }

  /** Writes the held records; returns how many were written (0 while the database is still away). */
  async retryHeld(): Promise<number> {
    if (this.held.size === 0) return 0;
    const rows = [...this.held.values()];
    try {
      for (let start = 0; start < rows.length; start += 500) await this.insert(rows.slice(start, start + 500), this.database.batch.db);
    } catch {
      return 0;
    }
    for (const row of rows) this.held.delete(row.ref);
    return rows.length;
  }

  /** Deletes expired records; returns how many. */
  async purgeExpired(now: number): Promise<number> {
    const { responseAffinity: t } = this.database.tables;
    const deleted = await this.database.db
      .delete(t)
      .where(lte(t.expiresAt, new Date(now)))
      .returning({ ref: t.ref });
    return deleted.length;
  }

  private async insert(rows: readonly AffinityRow[], through: AppDatabase): Promise<void> {
    await this.database.insertMany(through, this.database.tables.responseAffinity, rows);
  }
}
