import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { SpendLogRow } from "../../db/schema";
import type { LogScope } from "./log-scope";
import { cursorSchema, logConditions, requestLogFiltersSchema, resolveKeyFilter, timeRange, type Cursor, type RequestLogFilters } from "./request-log-filters";

export const listRequestLogsSchema = requestLogFiltersSchema.extend({
  cursor: cursorSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListRequestLogsInput = z.input<typeof listRequestLogsSchema>;

/** A row as the logs table shows it: what the spend row says, the key named by alias and preview, never by its hash alone. */
export function logSummary(row: SpendLogRow, keyNames: ReadonlyMap<string, { alias: string | null; preview: string }>) {
  const key = row.apiKey ? keyNames.get(row.apiKey) : undefined;
  return {
    requestId: row.requestId,
    startTime: row.startTime.getTime(),
    durationMs: row.endTime.getTime() - row.startTime.getTime(),
    teamId: row.teamId,
    keyId: row.apiKey,
    keyAlias: key?.alias ?? null,
    keyPreview: key?.preview ?? null,
    callType: row.callType,
    model: row.model,
    modelGroup: row.modelGroup,
    deployment: row.modelId,
    status: row.status,
    statusCode: row.statusCode,
    spend: row.spend,
    unpriced: row.unpriced,
    inputTokens: row.promptTokens,
    outputTokens: row.completionTokens,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
  };
}
export type LogSummary = ReturnType<typeof logSummary>;

/** The names of the keys of these rows that belong to the scope (a key that left the team stays an opaque id). */
export async function keyNamesOf(scope: LogScope, rows: readonly SpendLogRow[]) {
  const tokens = [...new Set(rows.map((row) => row.apiKey).filter((token): token is string => token !== null))];
  if (tokens.length === 0) return new Map<string, { alias: string | null; preview: string }>();
  const { database } = scope.gateway;
  const { virtualKeys } = database.tables;
  const keys = await database.db
    .select({ token: virtualKeys.token, alias: virtualKeys.keyAlias, preview: virtualKeys.keyName })
    .from(virtualKeys)
    .where(and(inArray(virtualKeys.token, tokens), scope.teamId === null ? undefined : eq(virtualKeys.teamId, scope.teamId)));
  return new Map(keys.map((key) => [key.token, { alias: key.alias, preview: key.preview }]));
}

/**
 * One page of requests, newest first, and the cursor of the next. Keyset pagination over the
 * (team, start time, request id) index: a page costs the same at row 10 as at row 10,000,000.
 */
export async function fetchLogPage(scope: LogScope, filters: RequestLogFilters, cursor: Cursor | undefined, limit: number) {
  const { database } = scope.gateway;
  const { spendLogs } = database.tables;
  const range = timeRange(filters, scope.gateway.now());
  const keys = await resolveKeyFilter(database, scope.teamId, filters.key);
  const rows = await database.db
    .select()
    .from(spendLogs)
    .where(logConditions(database, scope.teamId, filters, range, keys, cursor))
    .orderBy(desc(spendLogs.startTime), desc(spendLogs.requestId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next: Cursor | null = rows.length > limit && last ? { startTime: last.startTime.getTime(), requestId: last.requestId } : null;
  return { rows: page, next, range };
}

export async function listRequestLogs(scope: LogScope, input: z.output<typeof listRequestLogsSchema>) {
  // The last requests may still sit in the writer's buffer; the page should show them.
  await scope.gateway.spend.flush();
  const { cursor, limit, ...filters } = input;
  const page = await fetchLogPage(scope, filters, cursor, limit);
  const names = await keyNamesOf(scope, page.rows);
  return { rows: page.rows.map((row) => logSummary(row, names)), next: page.next, from: page.range.from, to: page.range.to };
}
