import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { issuePasswordToken } from "../../auth/password-tokens";
import { addMember, createUser, findUserByEmail } from "../../auth/users";
import type { TeamRole } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { audit } from "../../gateway/audit";
import { ServiceError } from "../service-error";
import type { addMemberSchema } from "./member-input";

export interface MemberServiceContext {
  gateway: GatewayContext;
  teamId: string;
  actor: string;
}

export function listMembers(ctx: MemberServiceContext) {
  const { teamMembers, users } = ctx.gateway.database.tables;
  return ctx.gateway.database.db
    .select({ userId: users.id, email: users.email, name: users.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, ctx.teamId));
}

/**
 * Adds someone to the team. An existing account keeps its password and the answer says so
 * (`existingAccount`); a new one is made without a password, with a one-time invite link to set it.
 */
export async function addTeamMember(ctx: MemberServiceContext, input: z.infer<typeof addMemberSchema>) {
  const { database } = ctx.gateway;
  const now = new Date(ctx.gateway.now());
  const existing = await findUserByEmail(database, input.email);
  const user = existing ?? (await createUser(database, { email: input.email }, now));
  const invite = existing ? null : await issuePasswordToken(database, { userId: user.id, purpose: "invite", createdBy: ctx.actor }, now);
  await addMember(database, ctx.teamId, user.id, input.role, now);
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: ctx.teamId,
    action: "member.added",
    targetType: "team",
    targetId: ctx.teamId,
    details: { email: user.email, role: input.role, existingAccount: existing !== undefined, invited: invite !== null },
  });
  return {
    userId: user.id,
    email: user.email,
    role: input.role,
    existingAccount: existing !== undefined,
    invite: invite && { token: invite.token, expiresAt: invite.expiresAt.toISOString() },
  };
}

/** Every team keeps at least one owner, so it can always be managed. */
async function assertNotLastOwner(ctx: MemberServiceContext, userId: string): Promise<void> {
  const members = await listMembers(ctx);
  const target = members.find((member) => member.userId === userId);
  if (!target) throw new ServiceError("not_found", "No such member in this team");
  if (target.role === "owner" && members.filter((member) => member.role === "owner").length === 1) {
    throw new ServiceError("conflict", "A team needs at least one owner");
  }
}

export async function setMemberRole(ctx: MemberServiceContext, userId: string, role: TeamRole) {
  const { teamMembers } = ctx.gateway.database.tables;
  if (role !== "owner") await assertNotLastOwner(ctx, userId);
  else if (!(await listMembers(ctx)).some((member) => member.userId === userId)) throw new ServiceError("not_found", "No such member in this team");
  await ctx.gateway.database.db
    .update(teamMembers)
    .set({ role })
    .where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, userId)));
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "member.role_changed", targetType: "team", targetId: ctx.teamId, details: { userId, role } });
}

export async function removeMember(ctx: MemberServiceContext, userId: string) {
  const { teamMembers } = ctx.gateway.database.tables;
  await assertNotLastOwner(ctx, userId);
  await ctx.gateway.database.db.delete(teamMembers).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, userId)));
  await audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "member.removed", targetType: "team", targetId: ctx.teamId, details: { userId } });
}
