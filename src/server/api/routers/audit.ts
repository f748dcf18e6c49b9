import { z } from "zod";
import { listAudit, listInstanceAudit } from "../../services/audit-log/list-audit";
import { instanceAdminProcedure, router, teamProcedure } from "../trpc";

const limitSchema = z.object({ limit: z.number().int().min(1).max(500).default(100) });

/** The Audit page: anyone in the team reads its trail; instance admins also read the instance-wide one. */
export const auditRouter = router({
  list: teamProcedure("viewer")
    .input(limitSchema)
    .query(({ ctx, input }) => listAudit({ gateway: ctx.gateway, teamId: ctx.teamId }, input)),
  instance: instanceAdminProcedure.input(limitSchema.default({ limit: 100 })).query(({ ctx, input }) => listInstanceAudit({ gateway: ctx.gateway }, input)),
});
