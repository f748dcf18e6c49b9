import { z } from "zod";
import { keyFormSchema, keyUpdateSchema } from "../../services/keys/key-input";
import { createTeamKey, deleteTeamKey, listTeamKeys, regenerateTeamKey, setTeamKeyBlocked, updateTeamKey, type KeyServiceContext } from "../../services/keys/team-keys";
import { router, teamProcedure } from "../trpc";

const keyId = z.object({ id: z.string().min(1).max(128) });
const service = (ctx: { gateway: KeyServiceContext["gateway"]; teamId: string; user: { email: string; isAdmin: boolean } }): KeyServiceContext => ({
  gateway: ctx.gateway,
  teamId: ctx.teamId,
  actor: ctx.user.email,
  instanceAdmin: ctx.user.isAdmin,
});

/** The Keys page: anyone in the team reads; admins and owners change user keys, only instance admins admin keys. */
export const keysRouter = router({
  list: teamProcedure("viewer").query(({ ctx }) => listTeamKeys(service(ctx))),
  create: teamProcedure("admin")
    .input(keyFormSchema)
    .mutation(({ ctx, input }) => createTeamKey(service(ctx), input)),
  update: teamProcedure("admin")
    .input(keyUpdateSchema.extend({ id: z.string().min(1).max(128) }))
    .mutation(({ ctx, input }) => updateTeamKey(service(ctx), input.id, input)),
  setBlocked: teamProcedure("admin")
    .input(keyId.extend({ blocked: z.boolean() }))
    .mutation(({ ctx, input }) => setTeamKeyBlocked(service(ctx), input.id, input.blocked)),
  delete: teamProcedure("admin")
    .input(keyId)
    .mutation(({ ctx, input }) => deleteTeamKey(service(ctx), input.id)),
  regenerate: teamProcedure("admin")
    .input(keyId)
    .mutation(({ ctx, input }) => regenerateTeamKey(service(ctx), input.id)),
});
