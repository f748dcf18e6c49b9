import { z } from "zod";
import type { UserRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { exportRequestLogs } from "../request-logs/export-request-logs";
import { requestLogFiltersSchema } from "../request-logs/request-log-filters";
import { exportUsage } from "../usage/export-usage";
import { usageReportSchema } from "../usage/usage-report";
import { authoriseExport, ExportRefused } from "./authorise-export";

const numberParam = z.coerce.number().int().nonnegative();
/** Query parameters arrive as text: numbers are read as numbers, empty ones as absent. */
const logsParams = requestLogFiltersSchema.extend({ from: numberParam.optional(), to: numberParam.optional() });
const usageParams = usageReportSchema.extend({ days: z.coerce.number().int().min(1).max(366).default(30) });
const teamParam = z.string().min(1).max(256).optional();

const json = (status: number, message: string, type: string) =>
  new Response(JSON.stringify({ error: { message, type, param: null, code: null } }), { status, headers: { "content-type": "application/json" } });

/**
 * `GET /api/export/request-logs` and `/api/export/usage`: the CSV of what the page shows under
 * the same filters. `teamId` names the team; without it, every team (instance admins only).
 * Authorised before the query is read further; answers 401/403/400 in the OpenAI error shape.
 */
export async function exportCsv(what: "request-logs" | "usage", request: Request, gateway: GatewayContext, user: UserRow | undefined): Promise<Response> {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const team = teamParam.safeParse(params.teamId);
  // A bad team id is refused, never read as "every team".
  if (!team.success) return json(400, "teamId: must be 1 to 256 characters", "invalid_request_error");
  let teamId: string | null;
  try {
    teamId = await authoriseExport(gateway.database, user, team.data ?? null);
  } catch (error) {
    if (error instanceof ExportRefused) return json(error.status, error.message, error.status === 401 ? "authentication_error" : "permission_error");
    throw error;
  }
  const { teamId: _teamId, ...rest } = params;
  const parsed = what === "request-logs" ? logsParams.safeParse(rest) : usageParams.safeParse(rest);
  if (!parsed.success) return json(400, parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "), "invalid_request_error");
  const scope = { gateway, teamId };
  const body = what === "request-logs" ? await exportRequestLogs(scope, parsed.data as z.output<typeof logsParams>) : await exportUsage(scope, parsed.data as z.output<typeof usageParams>);
  const day = new Date(gateway.now()).toISOString().slice(0, 10);
  const filename = `switchyard-${what}-${teamId ?? "all-teams"}-${day}.csv`.replace(/[^\w.-]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
