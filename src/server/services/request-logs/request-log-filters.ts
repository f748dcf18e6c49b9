import { and, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db";

const dayMs = 86_400_000;
const name = z.string().trim().min(1).max(256);

/** The request logs' filters, as the page, its CSV export and the tRPC procedures take them. */
export const requestLogFiltersSchema = z.object({
  /** Epoch milliseconds; the range defaults to the last 24 hours and spans at most 93 days. */
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  /** A key's alias, its preview (`sk-...abcd`) or its id (the hash, as the spend page shows it). */
  key: name.optional(),
  /** Only for "all teams" (instance admins): one team's rows. */
  team: name.optional(),
  /** The model asked for or the model group that served it. */
  model: name.optional(),
  /** A deployment's id. */
  deployment: name.optional(),
  status: z.enum(["success", "failure"]).optional(),
  requestId: name.optional(),
  tag: name.optional(),
});
export type RequestLogFilters = z.infer<typeof requestLogFiltersSchema>;

/** Where a page of newest-first rows continues: the last row's start time and request id. */
export const cursorSchema = z.object({ startTime: z.number().int(), requestId: z.string().max(256) });
export type Cursor = z.infer<typeof cursorSchema>;

export function timeRange(filters: RequestLogFilters, now: number): { from: number; to: number } {
  const to = filters.to ?? now + 60_000;
  const from = Math.max(filters.from ?? to - dayMs, to - 93 * dayMs);
  return { from, to };
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * The WHERE clause of a scoped, filtered log query. `teams` is the scope: one team, or null for
 * every team (instance admins; the services' callers decide who gets null). `keys` is the key
 * filter resolved to ids (an empty list matches nothing).
 */
export function logConditions(
  database: Database,
  teamId: string | null,
  filters: RequestLogFilters,
  range: { from: number; to: number },
  keys: KeyFilter | undefined,
  cursor?: Cursor,
): SQL | undefined {
  const { spendLogs } = database.tables;
  const team = teamId ?? filters.team;
  const conditions: Array<SQL | undefined> = [
    team === undefined ? undefined : eq(spendLogs.teamId, team),
    gte(spendLogs.startTime, new Date(range.from)),
    lt(spendLogs.startTime, new Date(range.to)),
    keys === undefined ? undefined : keys.tokens.length === 0 ? sql`1 = 0` : inArray(spendLogs.apiKey, keys.tokens),
    team === undefined && keys?.teams !== undefined && keys.teams.length > 0 ? inArray(spendLogs.teamId, keys.teams) : undefined,
    filters.model === undefined ? undefined : or(eq(spendLogs.model, filters.model), eq(spendLogs.modelGroup, filters.model)),
    filters.deployment === undefined ? undefined : eq(spendLogs.modelId, filters.deployment),
    filters.status === undefined ? undefined : eq(spendLogs.status, filters.status),
    filters.requestId === undefined ? undefined : eq(spendLogs.requestId, filters.requestId),
    // Tags are stored as a JSON list of strings: the quoted name is a whole element.
    filters.tag === undefined ? undefined : sql`${spendLogs.tags} like ${`%${escapeLike(JSON.stringify(filters.tag))}%`} escape '\\'`,
    cursor === undefined
      ? undefined
      : or(lt(spendLogs.startTime, new Date(cursor.startTime)), and(eq(spendLogs.startTime, new Date(cursor.startTime)), lt(spendLogs.requestId, cursor.requestId))),
  ];
  return and(...conditions);
}

/** The key filter as key ids: keys in the scope whose alias, preview or id is the text. */
export interface KeyFilter {
  tokens: string[];
  /** The teams of those keys, when every one has a team: lets an "all teams" query use the team index. */
  teams: string[] | undefined;
}

export async function resolveKeyFilter(database: Database, teamId: string | null, key: string | undefined): Promise<KeyFilter | undefined> {
  if (key === undefined) return undefined;
  const { virtualKeys } = database.tables;
  const matches = await database.db
    .select({ token: virtualKeys.token, teamId: virtualKeys.teamId })
    .from(virtualKeys)
    .where(and(teamId === null ? undefined : eq(virtualKeys.teamId, teamId), or(eq(virtualKeys.keyAlias, key), eq(virtualKeys.keyName, key), eq(virtualKeys.token, key))))
    .limit(50);
  const teams = matches.map((match) => match.teamId);
  return { tokens: matches.map((match) => match.token), teams: teams.every((team) => team !== null) ? [...new Set(teams as string[])] : undefined };
}
