import { z } from "zod";
import { teamRoles } from "../../db/schema";
import { addMemberSchema } from "../../services/members/member-input";
import { addTeamMember, listMembers, removeMember, setMemberRole, type MemberServiceContext } from "../../services/members/team-members";
import { issuePasswordReset } from "../../services/account/issue-password-reset";
import { instanceAdminProcedure, router, teamProcedure } from "../trpc";

const userId = z.object({ userId: z.string().min(1).max(64) });
const service = (ctx: { gateway: MemberServiceContext["gateway"]; teamId: string; user: { email: string } }): MemberServiceContext => ({
  gateway: ctx.gateway,
  teamId: ctx.teamId,
  actor: ctx.user.email,
});

/** The Members page: everyone in the team sees who is in it; owners change membership. */
export const membersRouter = router({
  list: teamProcedure("viewer").query(({ ctx }) => listMembers(service(ctx))),
  add: teamProcedure("owner")
    .input(addMemberSchema)
    .mutation(({ ctx, input }) => addTeamMember(service(ctx), input)),
  setRole: teamProcedure("owner")
    .input(userId.extend({ role: z.enum(teamRoles) }))
    .mutation(({ ctx, input }) => setMemberRole(service(ctx), input.userId, input.role)),
  // Instance admins only: the account may be in other teams, which a team owner must not take over.
  resetPassword: instanceAdminProcedure.input(userId).mutation(({ ctx, input }) => issuePasswordReset(ctx.gateway, ctx.user.email, input.userId)),
  remove: teamProcedure("owner")
    .input(userId)
    .mutation(({ ctx, input }) => removeMember(service(ctx), input.userId)),
});
