import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { addMember, createUser, findUserByEmail } from "../../auth/users";
import { teamMembers, users, type TeamRole } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { audit } from "../audit";
import { ServiceError } from "../service-error";
import type { addMemberSchema } from "./member-input";

export interface MemberServiceContext {
  gateway: GatewayContext;
  teamId: string;
  actor: string;
}

export function listMembers(ctx: MemberServiceContext) {
  return ctx.gateway.database.db
    .select({ userId: users.id, email: users.email, name: users.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, ctx.teamId))
    .all();
}

export async function addTeamMember(ctx: MemberServiceContext, input: z.infer<typeof addMemberSchema>) {
  const { db } = ctx.gateway.database;
  const now = new Date(ctx.gateway.now());
  let user = findUserByEmail(db, input.email);
  if (!user) {
    if (!input.password) throw new ServiceError("invalid", `${input.email} has no account yet: give a first password`);
    user = await createUser(db, { email: input.email, password: input.password }, now);
  }
  addMember(db, ctx.teamId, user.id, input.role, now);
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "member.added", targetType: "team", targetId: ctx.teamId, details: { email: user.email, role: input.role } });
  return { userId: user.id, email: user.email, role: input.role };
}

/** Every team keeps at least one owner, so it can always be managed. */
function assertNotLastOwner(ctx: MemberServiceContext, userId: string): void {
  const members = listMembers(ctx);
  const target = members.find((member) => member.userId === userId);
  if (!target) throw new ServiceError("not_found", "No such member in this team");
  if (target.role === "owner" && members.filter((member) => member.role === "owner").length === 1) {
    throw new ServiceError("conflict", "A team needs at least one owner");
  }
}

export function setMemberRole(ctx: MemberServiceContext, userId: string, role: TeamRole) {
  if (role !== "owner") assertNotLastOwner(ctx, userId);
  else if (!listMembers(ctx).some((member) => member.userId === userId)) throw new ServiceError("not_found", "No such member in this team");
  ctx.gateway.database.db.update(teamMembers).set({ role }).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, userId))).run();
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "member.role_changed", targetType: "team", targetId: ctx.teamId, details: { userId, role } });
}

export function removeMember(ctx: MemberServiceContext, userId: string) {
  assertNotLastOwner(ctx, userId);
  ctx.gateway.database.db.delete(teamMembers).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, userId))).run();
  audit(ctx.gateway, { actor: ctx.actor, teamId: ctx.teamId, action: "member.removed", targetType: "team", targetId: ctx.teamId, details: { userId } });
}
