import { z } from "zod";
import { listAudit } from "../../services/audit-log/list-audit";
import { router, teamProcedure } from "../trpc";

/** The Audit page: anyone in the team reads its trail. */
export const auditRouter = router({
  list: teamProcedure("viewer")
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listAudit({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
});
