import { createCredential } from "../../gateway/credentials/manage-credentials";
import type { CredentialForm } from "./credential-input";
import { infoOf, valuesOf, type CredentialServiceContext } from "./credential-service";
import { credentialRow } from "./list-credentials";

/** Stores a new credential, sealed; answers what the list shows, never the value just sent. */
export async function addCredential(ctx: CredentialServiceContext, form: CredentialForm) {
  const summary = await createCredential(ctx.gateway, { name: form.name, values: valuesOf(form), info: infoOf(form) }, ctx.actor);
  return credentialRow(ctx, summary);
}
