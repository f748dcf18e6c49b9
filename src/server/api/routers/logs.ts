import { getRequestLog, getRequestLogSchema } from "../../services/request-logs/get-request-log";
import { listRequestLogs, listRequestLogsSchema } from "../../services/request-logs/list-request-logs";
import { instanceAdminProcedure, router, teamProcedure } from "../trpc";

/** The Request logs page: a team's requests for anyone in it; every team's for instance admins only. */
export const logsRouter = router({
  list: teamProcedure("viewer")
    .input(listRequestLogsSchema)
    .query(({ ctx, input }) => listRequestLogs({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
  get: teamProcedure("viewer")
    .input(getRequestLogSchema)
    .query(({ ctx, input }) => getRequestLog({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
  listAll: instanceAdminProcedure.input(listRequestLogsSchema).query(({ ctx, input }) => listRequestLogs({ gateway: ctx.gateway, teamId: null }, input)),
  getAny: instanceAdminProcedure.input(getRequestLogSchema).query(({ ctx, input }) => getRequestLog({ gateway: ctx.gateway, teamId: null }, input)),
});
