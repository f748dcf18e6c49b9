import { updateCredential } from "../../gateway/credentials/manage-credentials";
import type { CredentialForm } from "./credential-input";
import { infoOf, valuesOf, type CredentialServiceContext } from "./credential-service";
import { credentialRow } from "./list-credentials";

/** Replaces every value and the description: the next request through any deployment naming it uses the new key. */
export async function replaceCredential(ctx: CredentialServiceContext, form: CredentialForm) {
  const summary = await updateCredential(ctx.gateway, form.name, { values: valuesOf(form), info: infoOf(form), mode: "replace" }, ctx.actor);
  return credentialRow(ctx, summary);
}
