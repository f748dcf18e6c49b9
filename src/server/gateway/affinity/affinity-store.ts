import { inArray, lt } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { responseAffinity, type AffinityRow } from "../../db/schema";

/**
 * Response and item ids -> the deployment and credentials that made them, in the database so it
 * survives restarts and every instance shares it. Reads are one indexed query per request.
 */
export class AffinityStore {
  constructor(private readonly db: AppDatabase) {}

  find(refs: readonly string[], now: number): AffinityRow[] {
    if (refs.length === 0) return [];
    const rows = this.db.select().from(responseAffinity).where(inArray(responseAffinity.ref, [...refs])).all();
    return rows.filter((row) => row.expiresAt.getTime() > now);
  }

  /** Written in one transaction, before the answer's last byte leaves, so a quick follow-up finds it. */
  record(rows: readonly AffinityRow[]): void {
    if (rows.length === 0) return;
    this.db.transaction((tx) => {
      for (let start = 0; start < rows.length; start += 500) {
        tx.insert(responseAffinity)
          .values(rows.slice(start, start + 500))
          .onConflictDoNothing()
          .run();
      }
    });
  }

  /** Deletes expired records; returns how many. */
  purgeExpired(now: number): number {
    return this.db.delete(responseAffinity).where(lt(responseAffinity.expiresAt, new Date(now))).run().changes;
  }
}
