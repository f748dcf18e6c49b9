import { desc, eq, gte, inArray, and, lte, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { costMapState, costMapVersions, spendLogs, type CostMapStateRow, type CostMapVersionRow } from "../../db/schema";

export type NewVersion = Omit<CostMapVersionRow, "versionId" | "appliedAt">;
export type VersionSummary = Omit<CostMapVersionRow, "content" | "diff">;

const summaryColumns = {
  versionId: costMapVersions.versionId,
  status: costMapVersions.status,
  source: costMapVersions.source,
  contentHash: costMapVersions.contentHash,
  modelCount: costMapVersions.modelCount,
  createdBy: costMapVersions.createdBy,
  createdAt: costMapVersions.createdAt,
  appliedAt: costMapVersions.appliedAt,
};

/** Cost-map versions and the one row saying which is active; every method is one statement or one transaction. */
export class CostMapStore {
  constructor(private readonly db: AppDatabase) {}

  state(): CostMapStateRow | undefined {
    return this.db.select().from(costMapState).where(eq(costMapState.id, 1)).get();
  }

  version(versionId: number): CostMapVersionRow | undefined {
    return this.db.select().from(costMapVersions).where(eq(costMapVersions.versionId, versionId)).get();
  }

  insert(version: NewVersion): number {
    const row = this.db.insert(costMapVersions).values(version).returning({ versionId: costMapVersions.versionId }).get();
    return row.versionId;
  }

  /** Applied versions, newest first (previews and discarded ones are not versions yet). */
  appliedVersions(): VersionSummary[] {
    return this.db.select(summaryColumns).from(costMapVersions).where(eq(costMapVersions.status, "applied")).orderBy(desc(costMapVersions.versionId)).all();
  }

  /** Makes `versionId` the active version in one transaction: marks it applied and points the state at it. */
  activate(versionId: number, now: Date): void {
    this.db.transaction((tx) => {
      tx.update(costMapVersions)
        .set({ status: "applied", appliedAt: sql`coalesce(${costMapVersions.appliedAt}, ${now.getTime()})` })
        .where(eq(costMapVersions.versionId, versionId))
        .run();
      tx.insert(costMapState)
        .values({ id: 1, activeVersionId: versionId, changedAt: now })
        .onConflictDoUpdate({ target: costMapState.id, set: { activeVersionId: versionId, changedAt: now } })
        .run();
    });
  }

  discard(versionId: number): void {
    this.db.update(costMapVersions).set({ status: "discarded", content: "" }).where(and(eq(costMapVersions.versionId, versionId), eq(costMapVersions.status, "preview"))).run();
  }

  setSchedule(intervalHours: number | null, nextReloadAt: Date | null): void {
    this.db.update(costMapState).set({ reloadIntervalHours: intervalHours, nextReloadAt }).where(eq(costMapState.id, 1)).run();
  }

  recordReload(at: Date, error: string | null): void {
    this.db.update(costMapState).set({ lastReloadAt: at, lastReloadError: error }).where(eq(costMapState.id, 1)).run();
  }

  /** Claims a due scheduled reload for this instance: only one of many instances wins the UPDATE. */
  claimScheduledReload(now: Date, next: Date): boolean {
    const result = this.db
      .update(costMapState)
      .set({ nextReloadAt: next })
      .where(and(eq(costMapState.id, 1), lte(costMapState.nextReloadAt, now)))
      .run();
    return result.changes === 1;
  }

  /** Model names requested since `since`, for flagging removals that would hit live traffic. */
  recentlyRequestedModels(since: Date, candidates: readonly string[]): string[] {
    if (candidates.length === 0) return [];
    const rows = this.db
      .selectDistinct({ model: spendLogs.model })
      .from(spendLogs)
      .where(and(gte(spendLogs.startTime, since), inArray(spendLogs.model, [...candidates])))
      .all();
    return rows.map((row) => row.model);
  }
}
