import { addCredential } from "../../services/credentials/add-credential";
import { credentialFormSchema, credentialNameInputSchema } from "../../services/credentials/credential-input";
import type { CredentialServiceContext } from "../../services/credentials/credential-service";
import { deleteStoredCredential } from "../../services/credentials/delete-stored-credential";
import { listCredentials } from "../../services/credentials/list-credentials";
import { replaceCredential } from "../../services/credentials/replace-credential";
import { instanceAdminProcedure, router } from "../trpc";

const service = (ctx: { gateway: CredentialServiceContext["gateway"]; user: { email: string } }): CredentialServiceContext => ({
  gateway: ctx.gateway,
  actor: ctx.user.email,
});

/** The Credentials page: provider keys for the whole instance, so instance admins only, even to list them. */
export const credentialsRouter = router({
  list: instanceAdminProcedure.query(({ ctx }) => listCredentials(service(ctx))),
  add: instanceAdminProcedure.input(credentialFormSchema).mutation(({ ctx, input }) => addCredential(service(ctx), input)),
  replace: instanceAdminProcedure.input(credentialFormSchema).mutation(({ ctx, input }) => replaceCredential(service(ctx), input)),
  remove: instanceAdminProcedure.input(credentialNameInputSchema).mutation(({ ctx, input }) => deleteStoredCredential(service(ctx), input.name)),
});
