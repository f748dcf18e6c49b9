import { listModelGroups } from "../../services/models/list-model-groups";
import { testDeployment, testDeploymentInputSchema } from "../../services/models/test-deployment";
import { instanceAdminProcedure, router, signedInProcedure } from "../trpc";

/** The Models page: what the gateway routes to and how each deployment is doing. */
export const modelsRouter = router({
  list: signedInProcedure.query(async ({ ctx }) => ({ ...(await listModelGroups(ctx.gateway)), canTest: ctx.user.isAdmin })),
  /** A real upstream call that costs the instance money: instance admins only. */
  testDeployment: instanceAdminProcedure.input(testDeploymentInputSchema).mutation(({ ctx, input }) => testDeployment({ gateway: ctx.gateway, input })),
});
