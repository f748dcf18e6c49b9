import { randomUUID } from "node:crypto";
import { z } from "zod";
import { addMember, membershipsOf } from "../../auth/users";
import { newTeamRow } from "../../gateway/keys/new-team-row";
import { audit } from "../../gateway/record-audit";
import { instanceAdminProcedure, router, signedInProcedure } from "../trpc";

/** The team switcher, and creating teams (instance admins). */
export const teamsRouter = router({
  mine: signedInProcedure.query(async ({ ctx }) => ({
    user: { email: ctx.user.email, name: ctx.user.name, isAdmin: ctx.user.isAdmin },
    teams: await membershipsOf(ctx.gateway.database, ctx.user),
  })),
  create: instanceAdminProcedure.input(z.object({ alias: z.string().trim().min(1).max(128) })).mutation(async ({ ctx, input }) => {
    const now = new Date(ctx.gateway.now());
    const team = await ctx.gateway.keys.insertTeam(newTeamRow(randomUUID(), input.alias, now));
    await addMember(ctx.gateway.database, team.teamId, ctx.user.id, "owner", now);
    await audit(ctx.gateway, { actor: ctx.user.email, teamId: team.teamId, action: "team.created", targetType: "team", targetId: team.teamId, details: { alias: input.alias } });
    return { teamId: team.teamId, alias: team.teamAlias };
  }),
});
