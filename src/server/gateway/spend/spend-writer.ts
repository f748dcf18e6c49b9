import type { Logger } from "pino";
import type { AppDatabase } from "../../db";
import { spendLogs, type NewSpendLogRow } from "../../db/schema";
import type { KeyStore } from "../keys/key-store";
import type { PendingSpend } from "../limits/check-budget";

/** SQLite allows 32,766 bound parameters; 18 columns a row. */
const rowsPerInsert = 1_000;

function addTo(map: Map<string, number>, id: string, amount: number) {
  map.set(id, (map.get(id) ?? 0) + amount);
}

/**
 * Spend rows leave the request path at once and are written in batches, with the keys' and
 * teams' running spend, in one transaction. A failed write keeps the batch for the next try, and
 * `close` writes whatever is left, so a SIGTERM loses nothing.
 */
export class SpendWriter implements PendingSpend {
  private rows: NewSpendLogRow[] = [];
  private keyDeltas = new Map<string, number>();
  private teamDeltas = new Map<string, number>();
  private lastUsed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: AppDatabase,
    private readonly keys: KeyStore,
    private readonly log: Logger,
    private readonly flushIntervalMs = 200,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.flushIntervalMs);
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
    return this.keyDeltas.get(token) ?? 0;
  }

  pendingTeamSpend(teamId: string): number {
    return this.teamDeltas.get(teamId) ?? 0;
  }

  get pendingRows(): number {
    return this.rows.length;
  }

  /** Writes everything buffered; returns the number of rows written (0 on failure, kept for later). */
  flush(): number {
    if (this.rows.length === 0 && this.lastUsed.size === 0) return 0;
    const rows = this.rows;
    const keyDeltas = this.keyDeltas;
    const teamDeltas = this.teamDeltas;
    const lastUsed = this.lastUsed;
    try {
      this.db.transaction((tx) => {
        for (let start = 0; start < rows.length; start += rowsPerInsert) {
          tx.insert(spendLogs).values(rows.slice(start, start + rowsPerInsert)).onConflictDoNothing().run();
        }
        // Same connection, so inside the same transaction: rows and running totals land together.
        this.keys.persistSpend(keyDeltas, teamDeltas, lastUsed);
      });
    } catch (error) {
      this.log.error({ err: error, rows: rows.length }, "spend write failed; rows kept for the next attempt");
      return 0;
    }
    this.rows = [];
    this.keyDeltas = new Map();
    this.teamDeltas = new Map();
    this.lastUsed = new Map();
    this.keys.applyPersistedSpend(keyDeltas, teamDeltas, lastUsed);
    return rows.length;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
