import { listModelGroups } from "../../services/models/list-model-groups";
import { router, signedInProcedure } from "../trpc";

/** The Models page: what the gateway routes to and how each deployment is doing. */
export const modelsRouter = router({
  list: signedInProcedure.query(({ ctx }) => listModelGroups(ctx.gateway)),
});
