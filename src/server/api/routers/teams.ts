import { membershipsOf } from "../../auth/users";
import { router, signedInProcedure } from "../trpc";

/** The team switcher: the teams the caller belongs to, with their role. */
export const teamsRouter = router({
  mine: signedInProcedure.query(({ ctx }) => ({
    user: { email: ctx.user.email, name: ctx.user.name, isAdmin: ctx.user.isAdmin },
    teams: membershipsOf(ctx.gateway.database.db, ctx.user),
  })),
});
