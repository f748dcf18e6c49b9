import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ServiceError } from "../service-error";
import { keyNamesOf, logSummary } from "./list-request-logs";
import type { LogScope } from "./log-scope";

export const getRequestLogSchema = z.object({ requestId: z.string().trim().min(1).max(256) });

/** One request in full for the detail panel: timings, tokens by kind, cost and its cost-map version, routing, error. */
export async function getRequestLog(scope: LogScope, input: z.infer<typeof getRequestLogSchema>) {
  // A request just made may still sit in the writer's buffer.
  await scope.gateway.spend.flush();
  const { database } = scope.gateway;
  const { spendLogs } = database.tables;
  const [row] = await database.db
    .select()
    .from(spendLogs)
    .where(and(eq(spendLogs.requestId, input.requestId), scope.teamId === null ? undefined : eq(spendLogs.teamId, scope.teamId)))
    .limit(1);
  // Another team's request reads as missing, not as forbidden: its existence is not told either.
  if (!row) throw new ServiceError("not_found", "No such request in this team");
  const names = await keyNamesOf(scope, [row]);
  return {
    ...logSummary(row, names),
    endTime: row.endTime.getTime(),
    provider: row.provider,
    costMapVersion: row.costMapVersion,
    tokens: {
      input: row.promptTokens,
      output: row.completionTokens,
      cached: row.cachedTokens,
      cacheWrite: row.cacheWriteTokens,
      reasoning: row.reasoningTokens,
      total: row.totalTokens,
    },
    userId: row.userId,
    affinity: row.affinity,
    attemptedFallbacks: row.attemptedFallbacks,
    errorMessage: row.errorMessage,
  };
}
