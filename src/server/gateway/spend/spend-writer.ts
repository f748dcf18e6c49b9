import type { Logger } from "pino";
import type { Database } from "../../db";
import type { NewSpendLogRow } from "../../db/schema";
import type { KeyStore } from "../keys/key-store";
import type { PendingSpend } from "../limits/check-budget";
import { writeUsageRollups } from "./roll-up-usage";
import { settleSpend } from "./settle-spend";

function addTo(map: Map<string, number>, id: string, amount: number) {
  map.set(id, (map.get(id) ?? 0) + amount);
}

function mergeInto(target: Map<string, number>, source: ReadonlyMap<string, number>, combine: (a: number, b: number) => number) {
  for (const [id, value] of source) target.set(id, target.has(id) ? combine(target.get(id)!, value) : value);
}

export interface SpendTotals {
  keys: [string, number][];
  teams: [string, number][];
}

export interface SpendWriterOptions {
  /** Between batched writes of spend rows. */
  flushIntervalMs?: number;
  /**
   * SQLite: between writes of the keys' and teams' running totals, which are settled from the
   * rows (see settleSpend). PostgreSQL writes totals with every batch whatever this says.
   */
  settleIntervalMs?: number;
  /** Told the new running totals after each write of them (other instances' budget checks hear of them). */
  onPersisted?: (totals: SpendTotals) => void;
  /** Rows another writer of this process holds (the main thread's, seen from the dashboard's thread): `flush` lands them too. */
  flushElsewhere?: () => Promise<void>;
}

const noDeltas = () => ({ keyDeltas: new Map<string, number>(), teamDeltas: new Map<string, number>() });

/**
 * Spend rows leave the request path at once and are written in batches. On PostgreSQL each batch
 * carries the keys' and teams' running spend in the same transaction; on SQLite the totals are
 * settled from the written rows every few seconds (and on every explicit `flush`). Budget checks
 * count everything not yet in a total: buffered, being written, or written and unsettled. A
 * failed write (the database is away) keeps the batch, and later requests add to it, until a
 * write succeeds; `close` writes whatever is left, so neither an outage nor a SIGTERM loses a row.
 */
export class SpendWriter implements PendingSpend {
  private rows: NewSpendLogRow[] = [];
  private keyDeltas = new Map<string, number>();
  private teamDeltas = new Map<string, number>();
  private lastUsed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;
  /** The deltas of the write in flight: still counted by budget checks until the totals come back. */
  private writing = noDeltas();
  private writingRows = 0;
  /** SQLite: the deltas of rows written whose spend the totals do not include yet. */
  private unsettled = noDeltas();
  /** SQLite: whether rows may be waiting for a settlement (at start, those of an earlier process). */
  private unsettledRows = true;
  private lastSettledAt: number;
  private failing = false;
  private readonly flushIntervalMs: number;
  private readonly settleIntervalMs: number;
  private readonly onPersisted: (totals: SpendTotals) => void;
  private readonly flushElsewhere?: () => Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly keys: KeyStore,
    private readonly log: Logger,
    options: SpendWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.settleIntervalMs = options.settleIntervalMs ?? 10_000;
    this.onPersisted = options.onPersisted ?? (() => undefined);
    this.flushElsewhere = options.flushElsewhere;
    this.lastSettledAt = Date.now();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flushOwn(false), this.flushIntervalMs);
    this.timer.unref();
  }

  record(row: NewSpendLogRow): void {
    this.rows.push(row);
    const spend = row.spend ?? 0;
    if (row.apiKey) {
      if (spend > 0) addTo(this.keyDeltas, row.apiKey, spend);
      this.lastUsed.set(row.apiKey, row.endTime.getTime());
    }
    if (row.teamId && spend > 0) addTo(this.teamDeltas, row.teamId, spend);
  }

  pendingKeySpend(token: string): number {
    return (this.keyDeltas.get(token) ?? 0) + (this.writing.keyDeltas.get(token) ?? 0) + (this.unsettled.keyDeltas.get(token) ?? 0);
  }

  pendingTeamSpend(teamId: string): number {
    return (this.teamDeltas.get(teamId) ?? 0) + (this.writing.teamDeltas.get(teamId) ?? 0) + (this.unsettled.teamDeltas.get(teamId) ?? 0);
  }

  /** Rows not yet in the database: buffered, or in a write that has not committed. */
  get pendingRows(): number {
    return this.rows.length + this.writingRows;
  }

  /**
   * Writes everything buffered and settles the totals; returns the number of rows written (0 on
   * failure: kept for later). One write at a time.
   */
  async flush(): Promise<number> {
    const [written] = await Promise.all([this.flushOwn(true), this.flushElsewhere?.()]);
    return written;
  }

  /** Writes this writer's rows and settles the totals, not asking other writers to flush (at start). */
  async settle(): Promise<void> {
    await this.flushOwn(true);
  }

  /** The timer's write settles only when the interval has passed; an explicit flush always does, after any write in flight. */
  private flushOwn(settle: boolean): Promise<number> {
    const inFlight = this.flushing;
    if (inFlight && !settle) return inFlight;
    const write = () => this.write(settle || Date.now() - this.lastSettledAt >= this.settleIntervalMs);
    const next = inFlight ? inFlight.then(write, write) : write();
    this.flushing = next;
    const done = () => {
      if (this.flushing === next) this.flushing = undefined;
    };
    next.then(done, done);
    return next;
  }

  private async write(settle: boolean): Promise<number> {
    const postgres = this.database.dialect === "postgres";
    const settling = !postgres && settle && (this.rows.length > 0 || this.unsettledRows);
    if (this.rows.length === 0 && this.lastUsed.size === 0 && !settling) return 0;
    // Taken out of the buffer for the write; requests meanwhile start a new buffer.
    const rows = this.rows;
    const keyDeltas = this.keyDeltas;
    const teamDeltas = this.teamDeltas;
    const lastUsed = this.lastUsed;
    this.rows = [];
    this.keyDeltas = new Map();
    this.teamDeltas = new Map();
    this.lastUsed = new Map();
    this.writing = { keyDeltas, teamDeltas };
    this.writingRows = rows.length;
    let totals: SpendTotals | undefined;
    try {
      const { spendLogs } = this.database.tables;
      // On PostgreSQL, connections of the batch writers' own: no request queues behind this one.
      totals = await this.database.batch.transaction(async (tx) => {
        await this.database.insertMany(tx, spendLogs, rows);
        // The Usage page's hourly sums move with the rows, so they never count a row twice or miss one.
        await writeUsageRollups(this.database, tx, rows);
        // Rows and the totals written with them land together, or neither does.
        if (postgres) return this.keys.persistSpend(tx, keyDeltas, teamDeltas, lastUsed);
        return settling ? settleSpend(this.database, tx) : undefined;
      });
    } catch (error) {
      this.writing = noDeltas();
      this.writingRows = 0;
      if (!this.failing) this.log.error({ err: error, rows: rows.length }, "spend write failed; rows kept and retried until the database takes them");
      this.failing = true;
      this.rows = rows.concat(this.rows);
      mergeInto(this.keyDeltas, keyDeltas, (a, b) => a + b);
      mergeInto(this.teamDeltas, teamDeltas, (a, b) => a + b);
      mergeInto(this.lastUsed, lastUsed, Math.max);
      return 0;
    }
    if (this.failing) this.log.info({ rows: rows.length }, "spend writes resumed; held rows written");
    this.failing = false;
    if (totals) {
      this.keys.applySpendTotals(totals.keys, totals.teams);
      this.unsettled = noDeltas();
      this.unsettledRows = false;
      if (!postgres) this.lastSettledAt = Date.now();
    } else {
      mergeInto(this.unsettled.keyDeltas, keyDeltas, (a, b) => a + b);
      mergeInto(this.unsettled.teamDeltas, teamDeltas, (a, b) => a + b);
      this.unsettledRows = true;
    }
    this.writing = noDeltas();
    this.writingRows = 0;
    this.keys.applyLastUsed(lastUsed);
    if (totals) this.onPersisted(totals);
    return rows.length;
  }

  /** Stops the timer and writes what is left, retrying for up to `graceMs` while the database is away. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + graceMs;
    for (;;) {
      await this.flushOwn(true);
      if (this.rows.length === 0 || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (this.rows.length > 0) this.log.error({ rows: this.rows.length }, "spend rows could not be written before shutdown");
  }
}
