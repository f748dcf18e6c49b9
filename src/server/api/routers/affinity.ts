import { affinityLookupSchema, lookupAffinity } from "../../services/affinity/lookup-affinity";
import { router, teamProcedure } from "../trpc";

/** The affinity inspector: which deployment made a response or item of the team, or signed its thinking. */
export const affinityRouter = router({
  lookup: teamProcedure("viewer")
    .input(affinityLookupSchema)
    .query(({ ctx, input }) => lookupAffinity({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
});
