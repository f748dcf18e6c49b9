import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import type { SpendLogRow } from "../../db/schema";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { tokenOf } from "./resolve-key";

const dayMs = 86_400_000;

/** `2024-05-01` (a whole day) or an ISO timestamp; `end` of a bare date is the end of that day. */
function parseDate(value: string, param: string, end: boolean): Date {
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = Date.parse(bareDay ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) throw new GatewayError("invalid_request", `${param}: not a date (use YYYY-MM-DD or ISO 8601)`, { param });
  return new Date(bareDay && end ? time + dayMs - 1 : time);
}

function rowView(row: SpendLogRow) {
  return {
    request_id: row.requestId,
    call_type: row.callType,
    api_key: row.apiKey,
    team_id: row.teamId,
    model: row.model,
    model_group: row.modelGroup,
    model_id: row.modelId,
    custom_llm_provider: row.provider,
    spend: row.spend,
    unpriced: row.unpriced,
    cost_map_version: row.costMapVersion,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    total_tokens: row.totalTokens,
    startTime: row.startTime.toISOString(),
    endTime: row.endTime.toISOString(),
    status: row.status,
    status_code: row.statusCode,
    error_message: row.errorMessage,
  };
}

/** `GET /spend/logs`: LiteLLM's array of rows, newest first, filtered by key, team, request and dates. */
export async function listSpendLogs(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  await ctx.spend.flush();
  const { spendLogs } = ctx.database.tables;
  const query = request.query;
  const filters: SQL[] = [];
  const apiKey = query.get("api_key");
  if (apiKey) filters.push(eq(spendLogs.apiKey, tokenOf(apiKey)));
  const teamId = query.get("team_id");
  if (teamId) filters.push(eq(spendLogs.teamId, teamId));
  if (query.get("unpriced") === "true") filters.push(eq(spendLogs.unpriced, true));
  const requestId = query.get("request_id");
  if (requestId) filters.push(eq(spendLogs.requestId, requestId));
  const start = query.get("start_date");
  if (start) filters.push(gte(spendLogs.startTime, parseDate(start, "start_date", false)));
  const end = query.get("end_date");
  if (end) filters.push(lte(spendLogs.startTime, parseDate(end, "end_date", true)));
  const limit = Number(query.get("limit") ?? 1000);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new GatewayError("invalid_request", "limit: a whole number from 1 to 100000", { param: "limit" });
  }
  const rows = await ctx.database.db
    .select()
    .from(spendLogs)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(spendLogs.startTime))
    .limit(limit);
  return jsonResponse(200, rows.map(rowView));
}
