import { connectionOf, mergeConnection } from "../../config/connection";
import { providerOf } from "../../config/resolve-provider";
import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";

/**
 * The deployment as requests must reach it: with the values of the stored credential it names,
 * as they are now (a rotation or a deletion shows on the next request). Synchronous for every
 * other deployment, so they pay nothing for this. Affinity and spend keep the deployment as
 * configured: only the request sent upstream carries the credential.
 */
export function connectDeployment(ctx: Pick<GatewayContext, "credentials">, deployment: Deployment): Deployment | Promise<Deployment> {
  return deployment.storedCredential ? withStoredCredential(ctx, deployment) : deployment;
}

async function withStoredCredential(ctx: Pick<GatewayContext, "credentials">, deployment: Deployment): Promise<Deployment> {
  const ref = deployment.storedCredential!;
  const lookup = await ctx.credentials.lookup(ref.name);
  const subject = `Model group "${deployment.modelGroup}" (deployment ${deployment.id}) uses credential "${ref.name}"`;
  if (lookup.kind === "missing") {
    throw new GatewayError("credential_missing", `${subject}, which does not exist; an admin can add it with POST /credentials or on the dashboard`);
  }
  if (lookup.kind === "unusable") throw new GatewayError("credential_unusable", `${subject}, which cannot be used: ${lookup.reason}`);
  // A key from config.yaml goes only where config.yaml says: whoever can edit stored credentials
  // must not be able to give it an api_base of their choosing (see endpoint-fields.ts).
  const ownEndpoint = ref.own.api_base ?? ref.own.aws_bedrock_runtime_endpoint;
  const storedEndpoint = lookup.values.api_base ?? lookup.values.aws_bedrock_runtime_endpoint;
  const ownSecret = ref.own.api_key ?? ref.own.aws_secret_access_key;
  if (ownSecret !== undefined && ownEndpoint === undefined && storedEndpoint !== undefined) {
    throw new GatewayError(
      "credential_unusable",
      `${subject}, whose api_base would carry the api_key from the config file to an endpoint the config does not name; set the api_base in the config file, or store the api_key in the credential too`,
    );
  }
  const kind = providerOf(ref.model);
  if (!kind.ok) throw new Error(`deployment ${deployment.id}: ${kind.problem}`); // checked when the config loaded
  const fields = connectionOf(kind, mergeConnection(mergeConnection(ref.own, lookup.values), ref.fallbacks ?? {}), ref.azureApiVersionFromEnv, ref.awsFromEnv);
  if (fields.apiBase === undefined) {
    throw new GatewayError("credential_unusable", `${subject}, which has no api_base, and provider "${kind.providerPrefix}" needs one`);
  }
  const stored = ownEndpoint === undefined && storedEndpoint !== undefined;
  return { ...deployment, ...fields, apiBase: fields.apiBase, ...(stored && { storedApiBase: true as const }) };
}
