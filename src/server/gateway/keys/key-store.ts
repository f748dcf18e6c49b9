import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db";
import { isDatabaseUnavailable } from "../../db/unavailable";
import type { TeamRow, VirtualKeyRow } from "../../db/schema";

interface Cached<T> {
  value: T | undefined;
  fetchedAt: number;
}

export interface KeyStoreOptions {
  now?: () => number;
  /**
   * How long a cached key or team is trusted. Writes through this store refresh it at once, and
   * with Redis every instance drops changed entries within milliseconds; the TTL bounds how long
   * a change made elsewhere can go unseen when no notification arrives.
   */
  ttlMs?: number;
  maxEntries?: number;
  /**
   * With change notifications (Redis), an entry past its TTL is still served while a read
   * replaces it in the background: a change reaches this cache by notification (which drops
   * the entry, so the next use reads it afresh), and the TTL is only a backstop. Without them
   * (PostgreSQL alone) the TTL is the bound on how long a revoked key still works: it must block.
   */
  refreshInBackground?: boolean;
  /** Called after every write, so other instances can drop what they cached. */
  onChange?: (change: { kind: "key"; token: string } | { kind: "team"; teamId: string }) => void;
}

/**
 * Keys and teams, read through a bounded in-memory cache so the request path costs no query.
 * While the database is unreachable, entries past their TTL are served as they were.
 */
export class KeyStore {
  private readonly keyCache = new Map<string, Cached<VirtualKeyRow>>();
  private readonly teamCache = new Map<string, Cached<TeamRow>>();
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly onChange: NonNullable<KeyStoreOptions["onChange"]>;
  private readonly refreshInBackground: boolean;
  /** Entries being read again in the background (one read each). */
  private readonly refreshing = new Set<string>();
  /** Bumped by every forget, so a read that started before a change is not cached after it. */
  private generation = 0;

  constructor(
    private readonly database: Database,
    options: KeyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.onChange = options.onChange ?? (() => undefined);
    this.refreshInBackground = options.refreshInBackground ?? false;
  }

  private get db() {
    return this.database.db;
  }

  private get t() {
    return this.database.tables;
  }

  findKey(token: string): Promise<VirtualKeyRow | undefined> {
    return this.cached(this.keyCache, token, this.readKey);
  }

  findTeam(teamId: string): Promise<TeamRow | undefined> {
    return this.cached(this.teamCache, teamId, this.readTeam);
  }

  // Made once, not per look-up: a cache hit, every request's case, allocates nothing.
  private readonly readKey = async (token: string) => {
    const { virtualKeys } = this.t;
    return (await this.db.select().from(virtualKeys).where(eq(virtualKeys.token, token)))[0];
  };

  private readonly readTeam = async (teamId: string) => {
    const { teams } = this.t;
    return (await this.db.select().from(teams).where(eq(teams.teamId, teamId)))[0];
  };

  keysOfTeam(teamId: string): Promise<VirtualKeyRow[]> {
    const { virtualKeys } = this.t;
    return this.db.select().from(virtualKeys).where(eq(virtualKeys.teamId, teamId));
  }

  listTeams(): Promise<TeamRow[]> {
    return this.db.select().from(this.t.teams);
  }

  async insertTeam(row: TeamRow): Promise<TeamRow> {
    await this.db.insert(this.t.teams).values(row);
    return (await this.changedTeam(row.teamId))!;
  }

  async updateTeam(teamId: string, patch: Partial<TeamRow>): Promise<TeamRow | undefined> {
    const { teams } = this.t;
    await this.db
      .update(teams)
      .set({ ...patch, updatedAt: new Date(this.now()) })
      .where(eq(teams.teamId, teamId));
    return this.changedTeam(teamId);
  }

  /** Starts a new budget period, unless another instance already has (the period it saw is gone). */
  async resetKeyBudget(token: string, periodEnd: Date, nextResetAt: Date): Promise<VirtualKeyRow | undefined> {
    const { virtualKeys } = this.t;
    await this.db
      .update(virtualKeys)
      .set({ spend: 0, budgetResetAt: nextResetAt, updatedAt: new Date(this.now()) })
      .where(and(eq(virtualKeys.token, token), eq(virtualKeys.budgetResetAt, periodEnd)));
    return this.changedKey(token);
  }

  async resetTeamBudget(teamId: string, periodEnd: Date, nextResetAt: Date): Promise<TeamRow | undefined> {
    const { teams } = this.t;
    await this.db
      .update(teams)
      .set({ spend: 0, budgetResetAt: nextResetAt, updatedAt: new Date(this.now()) })
      .where(and(eq(teams.teamId, teamId), eq(teams.budgetResetAt, periodEnd)));
    return this.changedTeam(teamId);
  }

  /**
   * Running spend as the database now has it (after a write by any instance). Spend only grows
   * between budget resets, and a reset is a key or team change that reloads the row, so the
   * larger of the two values is the fresher one whatever order notifications arrive in.
   */
  applySpendTotals(keys: Iterable<readonly [string, number]>, teams: Iterable<readonly [string, number]>): void {
    for (const [token, spend] of keys) {
      const entry = this.keyCache.get(token)?.value;
      if (entry) entry.spend = Math.max(entry.spend, spend);
    }
    for (const [teamId, spend] of teams) {
      const entry = this.teamCache.get(teamId)?.value;
      if (entry) entry.spend = Math.max(entry.spend, spend);
    }
  }

  /**
   * PostgreSQL: adds spend increments and last-used times through `tx` (so a caller's transaction
   * covers them) and returns the new totals: one statement for all keys and one for all teams,
   * whatever their number, the changes passed as one JSON parameter. (SQLite settles its totals
   * from the spend rows instead: settleSpend.)
   */
  async persistSpend(
    tx: Database["db"],
    keyDeltas: ReadonlyMap<string, number>,
    teamDeltas: ReadonlyMap<string, number>,
    lastUsed: ReadonlyMap<string, number>,
  ): Promise<{ keys: [string, number][]; teams: [string, number][] }> {
    const keyChanges = [...new Set([...keyDeltas.keys(), ...lastUsed.keys()])].map((id) => ({ id, delta: keyDeltas.get(id) ?? 0, used: lastUsed.get(id) ?? null }));
    const teamChanges = [...teamDeltas].map(([id, delta]) => ({ id, delta, used: null }));
    const changes = (list: object[]) => sql`jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as d(id text, delta float8, used bigint)`;
    const keys =
      keyChanges.length === 0
        ? []
        : await this.database.rows<{ id: string; spend: number }>(
            tx,
            sql`update virtual_keys set spend = virtual_keys.spend + d.delta, last_used_at = coalesce(to_timestamp(d.used / 1000.0), virtual_keys.last_used_at) from ${changes(keyChanges)} where virtual_keys.token = d.id returning virtual_keys.token as id, virtual_keys.spend as spend`,
          );
    const teams =
      teamChanges.length === 0
        ? []
        : await this.database.rows<{ id: string; spend: number }>(
            tx,
            sql`update teams set spend = teams.spend + d.delta from ${changes(teamChanges)} where teams.team_id = d.id returning teams.team_id as id, teams.spend as spend`,
          );
    return { keys: keys.map((row) => [row.id, Number(row.spend)]), teams: teams.map((row) => [row.id, Number(row.spend)]) };
  }

  /** What the spend writer has just persisted, applied to the cached rows without a re-read. */
  applyLastUsed(lastUsed: ReadonlyMap<string, number>): void {
    for (const [token, time] of lastUsed) {
      const entry = this.keyCache.get(token)?.value;
      if (entry) entry.lastUsedAt = new Date(time);
    }
  }

  /** After keys changed in a transaction that has committed (see manage-keys.ts): here and on the other instances, their next use reads them again. */
  keysChanged(tokens: readonly string[]): void {
    for (const token of tokens) {
      this.forgetKey(token);
      this.onChange({ kind: "key", token });
    }
  }

  /** Drops a cached key (a change notification from another instance): the next use reads it again. */
  forgetKey(token: string): void {
    this.generation++;
    this.keyCache.delete(token);
  }

  forgetTeam(teamId: string): void {
    this.generation++;
    this.teamCache.delete(teamId);
  }

  /** Drops everything cached: after an outage of the notifications, anything may have changed. */
  forgetAll(): void {
    this.generation++;
    this.keyCache.clear();
    this.teamCache.clear();
  }

  reloadKey(token: string): Promise<VirtualKeyRow | undefined> {
    this.forgetKey(token);
    return this.findKey(token);
  }

  reloadTeam(teamId: string): Promise<TeamRow | undefined> {
    this.forgetTeam(teamId);
    return this.findTeam(teamId);
  }

  private changedKey(token: string): Promise<VirtualKeyRow | undefined> {
    this.onChange({ kind: "key", token });
    return this.reloadKey(token);
  }

  private changedTeam(teamId: string): Promise<TeamRow | undefined> {
    this.onChange({ kind: "team", teamId });
    return this.reloadTeam(teamId);
  }

  private cached<T>(cache: Map<string, Cached<T>>, id: string, read: (id: string) => Promise<T | undefined>): Promise<T | undefined> {
    const now = this.now();
    const hit = cache.get(id);
    if (hit && now - hit.fetchedAt < this.ttlMs) return Promise.resolve(hit.value);
    if (hit && this.refreshInBackground) {
      // Keys and teams share no ids (a hash against a team id), so one set covers both caches.
      if (!this.refreshing.has(id)) {
        this.refreshing.add(id);
        void this.refresh(cache, id, read, hit, now)
          .catch(() => undefined)
          .finally(() => this.refreshing.delete(id));
      }
      return Promise.resolve(hit.value);
    }
    return this.refresh(cache, id, read, hit, now);
  }

  private async refresh<T>(cache: Map<string, Cached<T>>, id: string, read: (id: string) => Promise<T | undefined>, hit: Cached<T> | undefined, now: number): Promise<T | undefined> {
    const generation = this.generation;
    let value: T | undefined;
    try {
      value = await read(id);
    } catch (error) {
      // The database is away: a key it confirmed before keeps working (its spend is buffered)
      // rather than every request failing. Keys never seen answer 503 (the error goes on).
      if (hit && isDatabaseUnavailable(error)) return hit.value;
      throw error;
    }
    if (generation !== this.generation) return value;
    cache.delete(id);
    if (cache.size >= this.maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(id, { value, fetchedAt: now });
    return value;
  }
}
