import { z } from "zod";
import { checkKeyModels } from "../../services/rules/check-key-models";
import { getRules } from "../../services/rules/get-rules";
import { modelListSchema } from "../../services/rules/model-list";
import type { RulesContext } from "../../services/rules/rules-context";
import { ruleCoverage } from "../../services/rules/rule-coverage";
import { setKeyModels } from "../../services/rules/set-key-models";
import { setTeamModels } from "../../services/rules/set-team-models";
import { testModelAccess } from "../../services/rules/test-model-access";
import { router, teamProcedure } from "../trpc";

const keyId = z.string().min(1).max(128);
const service = (ctx: { gateway: RulesContext["gateway"]; teamId: string; user: { email: string; isAdmin: boolean } }): RulesContext => ({
  gateway: ctx.gateway,
  teamId: ctx.teamId,
  actor: ctx.user.email,
  instanceAdmin: ctx.user.isAdmin,
});

const testInput = z
  .object({ model: z.string().trim().min(1).max(512), keyId: keyId.optional(), models: modelListSchema.optional() })
  .refine((input) => input.keyId === undefined || input.models === undefined, "Test a stored key or a draft list, not both");

/** The Model access page: anyone in the team reads and tests; admins and owners change lists. */
export const rulesRouter = router({
  get: teamProcedure("viewer").query(({ ctx }) => getRules(service(ctx))),
  coverage: teamProcedure("viewer").query(({ ctx }) => ruleCoverage(service(ctx))),
  // A mutation only so it travels as a POST: a draft list can be longer than a URL may be. It changes nothing.
  test: teamProcedure("viewer")
    .input(testInput)
    .mutation(({ ctx, input }) => testModelAccess(service(ctx), input)),
  // Warnings for a key list being edited (typos, names the team refuses); like `test`, it changes nothing.
  checkKeyModels: teamProcedure("viewer")
    .input(z.object({ models: modelListSchema }))
    .mutation(({ ctx, input }) => checkKeyModels(service(ctx), input)),
  setTeamModels: teamProcedure("admin")
    .input(z.object({ models: modelListSchema }))
    .mutation(({ ctx, input }) => setTeamModels(service(ctx), input)),
  setKeyModels: teamProcedure("admin")
    .input(z.object({ id: keyId, models: modelListSchema }))
    .mutation(({ ctx, input }) => setKeyModels(service(ctx), input)),
});
