import { usageReport, usageReportSchema } from "../../services/usage/usage-report";
import { instanceAdminProcedure, router, teamProcedure } from "../trpc";

/** The Usage page: a team's usage for anyone in it; the instance's (by team) for instance admins only. */
export const usageRouter = router({
  team: teamProcedure("viewer")
    .input(usageReportSchema)
    .query(({ ctx, input }) => usageReport({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
  instance: instanceAdminProcedure.input(usageReportSchema).query(({ ctx, input }) => usageReport({ gateway: ctx.gateway, teamId: null }, input)),
});
