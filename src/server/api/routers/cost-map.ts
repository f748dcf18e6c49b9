import { applyCostMapPreview } from "../../services/cost-map/apply-cost-map-preview";
import { previewIdSchema, previewInputSchema, versionIdSchema } from "../../services/cost-map/cost-map-input";
import type { CostMapServiceContext } from "../../services/cost-map/cost-map-service";
import { discardCostMapPreview } from "../../services/cost-map/discard-cost-map-preview";
import { getCostMapOverview } from "../../services/cost-map/get-cost-map-overview";
import { previewCostMapChange } from "../../services/cost-map/preview-cost-map-change";
import { rollBackCostMap } from "../../services/cost-map/roll-back-cost-map";
import { instanceAdminProcedure, router, signedInProcedure } from "../trpc";

const service = (ctx: { gateway: CostMapServiceContext["gateway"]; user: { email: string } }): CostMapServiceContext => ({
  gateway: ctx.gateway,
  actor: ctx.user.email,
});

/** The Cost map page: instance-wide, so every signed-in user reads it and instance admins change it. */
export const costMapRouter = router({
  overview: signedInProcedure.query(async ({ ctx }) => ({ ...(await getCostMapOverview(service(ctx))), canChange: ctx.user.isAdmin })),
  preview: instanceAdminProcedure.input(previewInputSchema).mutation(({ ctx, input }) => previewCostMapChange(service(ctx), input)),
  // `apply` is reserved by tRPC (its client proxy uses Function.prototype.apply).
  applyPreview: instanceAdminProcedure.input(previewIdSchema).mutation(({ ctx, input }) => applyCostMapPreview(service(ctx), input.previewId)),
  discard: instanceAdminProcedure.input(previewIdSchema).mutation(async ({ ctx, input }) => await discardCostMapPreview(service(ctx), input.previewId)),
  rollback: instanceAdminProcedure.input(versionIdSchema).mutation(({ ctx, input }) => rollBackCostMap(service(ctx), input.versionId)),
});
