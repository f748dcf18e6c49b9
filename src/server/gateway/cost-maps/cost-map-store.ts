import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../../db";
import type { CostMapStateRow, CostMapVersionRow } from "../../db/schema";

export type NewVersion = Omit<CostMapVersionRow, "versionId" | "appliedAt">;
export type VersionSummary = Omit<CostMapVersionRow, "content" | "diff">;

/** Cost-map versions and the one row saying which is active; every method is one statement or one transaction. */
export class CostMapStore {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  private get t() {
    return this.database.tables;
  }

  async state(): Promise<CostMapStateRow | undefined> {
    const { costMapState } = this.t;
    return (await this.db.select().from(costMapState).where(eq(costMapState.id, 1)))[0];
  }

  async version(versionId: number): Promise<CostMapVersionRow | undefined> {
    const { costMapVersions } = this.t;
    return (await this.db.select().from(costMapVersions).where(eq(costMapVersions.versionId, versionId)))[0];
  }

  async insert(version: NewVersion): Promise<number> {
    const { costMapVersions } = this.t;
    const [row] = await this.db.insert(costMapVersions).values(version).returning({ versionId: costMapVersions.versionId });
    return row.versionId;
  }

  /** Applied versions, newest first (previews and discarded ones are not versions yet). */
  appliedVersions(): Promise<VersionSummary[]> {
    const { costMapVersions: v } = this.t;
    const summary = {
      versionId: v.versionId,
      status: v.status,
      source: v.source,
      contentHash: v.contentHash,
      modelCount: v.modelCount,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
      appliedAt: v.appliedAt,
    };
    return this.db.select(summary).from(v).where(eq(v.status, "applied")).orderBy(desc(v.versionId));
  }

  /** Makes `versionId` the active version in one transaction: marks it applied and points the state at it. */
  async activate(versionId: number, now: Date): Promise<void> {
    const { costMapVersions, costMapState } = this.t;
    await this.database.transaction(async (tx) => {
      await tx
        .update(costMapVersions)
        .set({ status: "applied", appliedAt: sql`coalesce(${costMapVersions.appliedAt}, ${sql.param(now, costMapVersions.appliedAt)})` })
        .where(eq(costMapVersions.versionId, versionId));
      await tx
        .insert(costMapState)
        .values({ id: 1, activeVersionId: versionId, changedAt: now })
        .onConflictDoUpdate({ target: costMapState.id, set: { activeVersionId: versionId, changedAt: now } });
    });
  }

  async discard(versionId: number): Promise<void> {
    const { costMapVersions } = this.t;
    await this.db
      .update(costMapVersions)
      .set({ status: "discarded", content: "" })
      .where(and(eq(costMapVersions.versionId, versionId), eq(costMapVersions.status, "preview")));
  }

  async setSchedule(intervalHours: number | null, nextReloadAt: Date | null): Promise<void> {
    const { costMapState } = this.t;
    await this.db.update(costMapState).set({ reloadIntervalHours: intervalHours, nextReloadAt }).where(eq(costMapState.id, 1));
  }

  async recordReload(at: Date, error: string | null): Promise<void> {
    const { costMapState } = this.t;
    await this.db.update(costMapState).set({ lastReloadAt: at, lastReloadError: error }).where(eq(costMapState.id, 1));
  }

  /** Claims a due scheduled reload for this instance: only one of many instances wins the UPDATE. */
  async claimScheduledReload(now: Date, next: Date): Promise<boolean> {
    const { costMapState } = this.t;
    const claimed = await this.db
      .update(costMapState)
      .set({ nextReloadAt: next })
      .where(and(eq(costMapState.id, 1), lte(costMapState.nextReloadAt, now)))
      .returning({ id: costMapState.id });
    return claimed.length === 1;
  }

  /** Model names requested since `since`, for flagging removals that would hit live traffic. */
  async recentlyRequestedModels(since: Date, candidates: readonly string[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const { spendLogs } = this.t;
    const rows = await this.db
      .selectDistinct({ model: spendLogs.model })
      .from(spendLogs)
      .where(and(gte(spendLogs.startTime, since), inArray(spendLogs.model, [...candidates])));
    return rows.map((row) => row.model);
  }
}
