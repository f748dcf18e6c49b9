import { z } from "zod";
import { deploymentFormSchema, deploymentIdSchema } from "../../services/models/deployment-form";
import { listModelGroups } from "../../services/models/list-model-groups";
import { testDeployment, testDeploymentInputSchema } from "../../services/models/test-deployment";
import { listStoredDeployments } from "../../services/models/list-stored-deployments";
import {
  addStoredDeployment,
  editStoredDeployment,
  removeStoredDeployment,
  setStoredDeploymentDisabled,
  type DeploymentServiceContext,
} from "../../services/models/manage-stored-deployments";
import { teamModels } from "../../services/models/team-models";
import { instanceAdminProcedure, router, signedInProcedure, teamProcedure } from "../trpc";

const service = (ctx: { gateway: DeploymentServiceContext["gateway"]; user: { email: string } }): DeploymentServiceContext => ({ gateway: ctx.gateway, actor: ctx.user.email });

/**
 * The Models page: what the gateway routes to and how each deployment is doing (anyone signed
 * in); the deployments stored at run time, which only instance admins see in full and change;
 * and which models a team may use.
 */
export const modelsRouter = router({
  list: signedInProcedure.query(async ({ ctx }) => ({ ...(await listModelGroups(ctx.gateway)), canTest: ctx.user.isAdmin })),
  /** A real upstream call that costs the instance money: instance admins only. */
  testDeployment: instanceAdminProcedure.input(testDeploymentInputSchema).mutation(({ ctx, input }) => testDeployment({ gateway: ctx.gateway, input })),
  deployments: instanceAdminProcedure.query(({ ctx }) => listStoredDeployments(ctx.gateway)),
  add: instanceAdminProcedure.input(deploymentFormSchema).mutation(({ ctx, input }) => addStoredDeployment(service(ctx), input)),
  edit: instanceAdminProcedure.input(deploymentIdSchema.extend({ form: deploymentFormSchema })).mutation(({ ctx, input }) => editStoredDeployment(service(ctx), input.id, input.form)),
  setDisabled: instanceAdminProcedure
    .input(deploymentIdSchema.extend({ disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setStoredDeploymentDisabled(service(ctx), input.id, input.disabled)),
  remove: instanceAdminProcedure.input(deploymentIdSchema).mutation(({ ctx, input }) => removeStoredDeployment(service(ctx), input.id)),
  forTeam: teamProcedure("viewer").query(({ ctx }) => teamModels(ctx.gateway, ctx.teamId)),
});
