import type { Logger } from "pino";
import type { Database } from "../../db";
import type { NewSpendLogRow } from "../../db/schema";
import type { KeyStore } from "../keys/key-store";
import type { PendingSpend } from "../limits/check-budget";

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

/**
 * Spend rows leave the request path at once and are written in batches, with the keys' and
 * teams' running spend, in one transaction. A failed write (the database is away) keeps the
 * batch, and later requests add to it, until a write succeeds; `close` writes whatever is
 * left, so neither an outage nor a SIGTERM loses a row.
 */
export class SpendWriter implements PendingSpend {
  private rows: NewSpendLogRow[] = [];
  private keyDeltas = new Map<string, number>();
  private teamDeltas = new Map<string, number>();
  private lastUsed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;
  /** The deltas of the write in flight: still counted by budget checks until the totals come back. */
  private writing = { keyDeltas: new Map<string, number>(), teamDeltas: new Map<string, number>() };
  private writingRows = 0;
  private failing = false;

  constructor(
    private readonly database: Database,
    private readonly keys: KeyStore,
    private readonly log: Logger,
    private readonly flushIntervalMs = 200,
    /** Told the new running totals after each write (other instances' budget checks hear of them). */
    private readonly onPersisted: (totals: SpendTotals) => void = () => undefined,
    /** Rows another writer of this process holds (the main thread's, seen from the dashboard's thread): `flush` lands them too. */
    private readonly flushElsewhere?: () => Promise<void>,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flushOwn(), this.flushIntervalMs);
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
    return (this.keyDeltas.get(token) ?? 0) + (this.writing.keyDeltas.get(token) ?? 0);
  }

  pendingTeamSpend(teamId: string): number {
    return (this.teamDeltas.get(teamId) ?? 0) + (this.writing.teamDeltas.get(teamId) ?? 0);
  }

  /** Rows not yet in the database: buffered, or in a write that has not committed. */
  get pendingRows(): number {
    return this.rows.length + this.writingRows;
  }

  /** Writes everything buffered; returns the number of rows written (0 on failure: kept for later). One write at a time. */
  async flush(): Promise<number> {
    const [written] = await Promise.all([this.flushOwn(), this.flushElsewhere?.()]);
    return written;
  }

  private flushOwn(): Promise<number> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<number> {
    if (this.rows.length === 0 && this.lastUsed.size === 0) return 0;
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
    let totals: SpendTotals;
    try {
      const { spendLogs } = this.database.tables;
      totals = await this.database.transaction(async (tx) => {
        await this.database.insertMany(tx, spendLogs, rows);
        // Rows and running totals land together, or neither does.
        return this.keys.persistSpend(tx, keyDeltas, teamDeltas, lastUsed);
      });
    } catch (error) {
      this.writing = { keyDeltas: new Map(), teamDeltas: new Map() };
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
    this.keys.applySpendTotals(totals.keys, totals.teams);
    this.writing = { keyDeltas: new Map(), teamDeltas: new Map() };
    this.writingRows = 0;
    this.keys.applyLastUsed(lastUsed);
    this.onPersisted(totals);
    return rows.length;
  }

  /** Stops the timer and writes what is left, retrying for up to `graceMs` while the database is away. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + graceMs;
    for (;;) {
      await this.flushOwn();
      if (this.rows.length === 0 || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (this.rows.length > 0) this.log.error({ rows: this.rows.length }, "spend rows could not be written before shutdown");
  }
}
