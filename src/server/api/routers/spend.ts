import { spendByTeam } from "../../services/spend/spend-by-team";
import { spendRangeSchema } from "../../services/spend/spend-range";
import { teamSpend } from "../../services/spend/team-spend";
import { instanceAdminProcedure, router, teamProcedure } from "../trpc";

/** The Spend page: a team's spend for anyone in it; every team's for instance admins only. */
export const spendRouter = router({
  team: teamProcedure("viewer")
    .input(spendRangeSchema)
    .query(({ ctx, input }) => teamSpend({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
  teams: instanceAdminProcedure.input(spendRangeSchema).query(({ ctx, input }) => spendByTeam(ctx.gateway, input)),
});
