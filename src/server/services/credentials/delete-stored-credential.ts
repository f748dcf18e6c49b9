import { deleteCredential } from "../../gateway/credentials/manage-credentials";
import type { CredentialServiceContext } from "./credential-service";

/** Deployments naming it answer 503 credential_missing from the next request until it is added again. */
export async function deleteStoredCredential(ctx: CredentialServiceContext, name: string): Promise<{ name: string; deleted: true }> {
  await deleteCredential(ctx.gateway, name, ctx.actor);
  return { name, deleted: true };
}
