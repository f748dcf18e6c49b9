import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { TeamRole, UserRow } from "../db/schema";
import type { GatewayContext } from "../gateway/context";
import { membershipsOf } from "../auth/users";
import { InternalTRPCError, toTRPCError } from "./to-trpc-error";

/** Who is asking (maybe nobody) and the gateway whose database and caches the dashboard uses. */
export interface ApiContext {
  user: UserRow | undefined;
  gateway: GatewayContext;
  /** Filled by mutations: how far their changes reached, for the answer's headers (route.ts). */
  changes?: { unconfirmed: Set<string>; expected: Set<string> };
}

/**
 * Who may call a procedure: every procedure declares one through the builder it starts from.
 * docs/security.md's threat model lists them, and access.test.ts calls each procedure as every kind of
 * user and checks that everyone below its level is refused.
 */
export type Access = "token" | "signed-in" | "instance-admin" | `team:${TeamRole}`;

const t = initTRPC
  .context<ApiContext>()
  .meta<{ access: Access }>()
  .create({
    errorFormatter({ shape, error }) {
      // Procedures' errors were mapped already (toTRPCError); this only catches what failed outside
      // one (creating the context), whose message may be a driver's.
      const escaped = error.code === "INTERNAL_SERVER_ERROR" && !(error instanceof InternalTRPCError);
      return { ...shape, message: escaped ? "Internal error" : shape.message, data: { ...shape.data, stack: undefined } };
    },
  });

/** Every procedure's errors go through the one mapping, outermost, so nothing a procedure throws escapes it. */
const mappedErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error, ctx.gateway.log, path);
  return result;
});

/**
 * A mutation answers once every live instance has applied what it changed (or the wait is over):
 * the console's writes are read back on any instance at once. Who did not confirm is logged and
 * named in the answer's headers.
 */
const confirmedChanges = t.middleware(async ({ ctx, type, path, next }) => {
  if (type !== "mutation") return next();
  const { value, confirmations } = await ctx.gateway.fleet.confirmations.track(() => next());
  for (const name of confirmations.expected) ctx.changes?.expected.add(name);
  for (const name of confirmations.unconfirmed) ctx.changes?.unconfirmed.add(name);
  if (confirmations.unconfirmed.length > 0) ctx.gateway.log.warn({ path, unconfirmed: confirmations.unconfirmed }, "a change was answered before every instance confirmed it");
  return value;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * No session needed: the input carries a one-time secret (an invite or reset link's token) that the
 * procedure checks before it changes anything. Only `account.setPasswordWithToken`.
 */
export const tokenProcedure = t.procedure.meta({ access: "token" }).use(mappedErrors);

export const signedInProcedure = t.procedure
  .meta({ access: "signed-in" })
  .use(mappedErrors)
  .use(confirmedChanges)
  .use(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
    return next({ ctx: { ...ctx, user: ctx.user } });
  });

/** Instance-wide settings (cost map, credentials, teams): only instance admins change them. */
export const instanceAdminProcedure = signedInProcedure.meta({ access: "instance-admin" }).use(({ ctx, next }) => {
  if (!ctx.user.isAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "This needs an instance admin" });
  return next();
});

export const rank: Record<TeamRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/**
 * A procedure on one team's data: the caller must hold at least `minimum` in the team named by
 * the input's `teamId`, whatever other ids the input carries (services scope every query to it).
 */
export function teamProcedure(minimum: TeamRole) {
  return signedInProcedure
    .meta({ access: `team:${minimum}` })
    .input(z.object({ teamId: z.string().min(1).max(256) }))
    .use(async ({ ctx, input, next }) => {
      const membership = (await membershipsOf(ctx.gateway.database, ctx.user)).find((candidate) => candidate.teamId === input.teamId);
      if (!membership || rank[membership.role] < rank[minimum]) {
        throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role in that team` });
      }
      return next({ ctx: { ...ctx, teamId: input.teamId, role: membership.role } });
    });
}
