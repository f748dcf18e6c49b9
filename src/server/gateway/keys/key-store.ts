import { eq, inArray, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { teams, virtualKeys, type TeamRow, type VirtualKeyRow } from "../../db/schema";

interface Cached<T> {
  value: T | undefined;
  fetchedAt: number;
}

/**
 * Keys and teams, read through a bounded in-memory cache so the request path costs no query.
 * Every write goes through here and refreshes the cache; the TTL bounds how long a change made
 * by another process (another instance, a database tool) can go unseen.
 */
export class KeyStore {
  private readonly keyCache = new Map<string, Cached<VirtualKeyRow>>();
  private readonly teamCache = new Map<string, Cached<TeamRow>>();

  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 50_000,
  ) {}

  findKey(token: string): VirtualKeyRow | undefined {
    return this.cached(this.keyCache, token, () => this.db.select().from(virtualKeys).where(eq(virtualKeys.token, token)).get());
  }

  findTeam(teamId: string): TeamRow | undefined {
    return this.cached(this.teamCache, teamId, () => this.db.select().from(teams).where(eq(teams.teamId, teamId)).get());
  }

  findKeysByAlias(aliases: readonly string[]): VirtualKeyRow[] {
    if (aliases.length === 0) return [];
    return this.db.select().from(virtualKeys).where(inArray(virtualKeys.keyAlias, [...aliases])).all();
  }

  keysOfTeam(teamId: string): VirtualKeyRow[] {
    return this.db.select().from(virtualKeys).where(eq(virtualKeys.teamId, teamId)).all();
  }

  listTeams(): TeamRow[] {
    return this.db.select().from(teams).all();
  }

  insertKey(row: VirtualKeyRow): VirtualKeyRow {
    this.db.insert(virtualKeys).values(row).run();
    return this.reloadKey(row.token)!;
  }

  updateKey(token: string, patch: Partial<VirtualKeyRow>): VirtualKeyRow | undefined {
    this.db
      .update(virtualKeys)
      .set({ ...patch, updatedAt: new Date(this.now()) })
      .where(eq(virtualKeys.token, token))
      .run();
    return this.reloadKey(token);
  }

  /** Replaces a key's secret (regenerate): same settings and spend, new token. */
  replaceToken(oldToken: string, newToken: string, keyName: string): VirtualKeyRow | undefined {
    this.db
      .update(virtualKeys)
      .set({ token: newToken, keyName, updatedAt: new Date(this.now()) })
      .where(eq(virtualKeys.token, oldToken))
      .run();
    this.keyCache.delete(oldToken);
    return this.reloadKey(newToken);
  }

  deleteKeys(tokens: readonly string[]): void {
    if (tokens.length === 0) return;
    this.db.delete(virtualKeys).where(inArray(virtualKeys.token, [...tokens])).run();
    for (const token of tokens) this.keyCache.delete(token);
  }

  insertTeam(row: TeamRow): TeamRow {
    this.db.insert(teams).values(row).run();
    return this.reloadTeam(row.teamId)!;
  }

  updateTeam(teamId: string, patch: Partial<TeamRow>): TeamRow | undefined {
    this.db
      .update(teams)
      .set({ ...patch, updatedAt: new Date(this.now()) })
      .where(eq(teams.teamId, teamId))
      .run();
    return this.reloadTeam(teamId);
  }

  /** What the spend writer has just persisted, applied to the cached rows without a re-read. */
  applyPersistedSpend(keyDeltas: ReadonlyMap<string, number>, teamDeltas: ReadonlyMap<string, number>, lastUsed: ReadonlyMap<string, number>): void {
    for (const [token, delta] of keyDeltas) {
      const entry = this.keyCache.get(token)?.value;
      if (entry) entry.spend += delta;
    }
    for (const [token, time] of lastUsed) {
      const entry = this.keyCache.get(token)?.value;
      if (entry) entry.lastUsedAt = new Date(time);
    }
    for (const [teamId, delta] of teamDeltas) {
      const entry = this.teamCache.get(teamId)?.value;
      if (entry) entry.spend += delta;
    }
  }

  /** Persists spend increments and last-used times in one statement each per key or team. */
  persistSpend(keyDeltas: ReadonlyMap<string, number>, teamDeltas: ReadonlyMap<string, number>, lastUsed: ReadonlyMap<string, number>) {
    for (const [token, delta] of keyDeltas) {
      this.db
        .update(virtualKeys)
        .set({ spend: sql`${virtualKeys.spend} + ${delta}` })
        .where(eq(virtualKeys.token, token))
        .run();
    }
    for (const [teamId, delta] of teamDeltas) {
      this.db
        .update(teams)
        .set({ spend: sql`${teams.spend} + ${delta}` })
        .where(eq(teams.teamId, teamId))
        .run();
    }
    for (const [token, time] of lastUsed) {
      this.db
        .update(virtualKeys)
        .set({ lastUsedAt: new Date(time) })
        .where(eq(virtualKeys.token, token))
        .run();
    }
  }

  reloadKey(token: string): VirtualKeyRow | undefined {
    this.keyCache.delete(token);
    return this.findKey(token);
  }

  reloadTeam(teamId: string): TeamRow | undefined {
    this.teamCache.delete(teamId);
    return this.findTeam(teamId);
  }

  private cached<T>(cache: Map<string, Cached<T>>, id: string, load: () => T | undefined): T | undefined {
    const now = this.now();
    const hit = cache.get(id);
    if (hit && now - hit.fetchedAt < this.ttlMs) return hit.value;
    const value = load();
    if (hit) cache.delete(id);
    else if (cache.size >= this.maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(id, { value, fetchedAt: now });
    return value;
  }
}
