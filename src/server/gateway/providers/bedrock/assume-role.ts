import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createHash } from "node:crypto";
import type { AwsConnection, AwsRole } from "../../../config/aws-connection";
import { errorBody } from "../../errors";
import type { AccessToken } from "../access-tokens";
import type { ProviderServices } from "../types";
import { UpstreamError } from "../upstream-error";

// LiteLLM's `aws_role_name`: Bedrock requests signed with a role's temporary keys, which AWS STS
// hands out for an hour. AWS's own STS client makes the call (its query protocol, XML answer and
// signing), off the request path but for the first request and one renewal an hour; the keys are
// shared and renewed ahead of expiry by the gateway's token cache, like Google's tokens.

const lifetimeSeconds = 3600;

/** The cache key: the role, the session and what vouches for it, hashed so no secret is kept in clear. */
function cacheKeyOf(aws: AwsConnection, role: AwsRole): string {
  const identity = [aws.region, role.arn, role.sessionName, role.externalId, role.stsEndpoint, aws.accessKeyId, aws.secretAccessKey, aws.sessionToken, role.webIdentityToken];
  return `aws-role:${createHash("sha256").update(JSON.stringify(identity)).digest("hex")}`;
}

/** LiteLLM fetches `oidc/<provider>/<audience>` tokens from that provider itself; Switchyard takes the token. */
export function isOidcReference(token: string): boolean {
  return token.startsWith("oidc/");
}

function refused(role: AwsRole, why: string): UpstreamError {
  return new UpstreamError(401, errorBody(`AWS STS did not let this deployment assume role ${role.arn}: ${why}`, "authentication_error", "aws_assume_role_failed"), {
    isRetryable: true,
  });
}

async function assume(aws: AwsConnection, role: AwsRole): Promise<AccessToken> {
  if (role.webIdentityToken !== undefined && isOidcReference(role.webIdentityToken)) {
    throw refused(role, `aws_web_identity_token "${role.webIdentityToken}" names an OIDC provider for LiteLLM to ask; give Switchyard the token itself`);
  }
  const keys = aws.accessKeyId && aws.secretAccessKey ? { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey, sessionToken: aws.sessionToken } : undefined;
  // Without keys or a web identity token, AWS's default chain (profile files, instance role) vouches, as boto3's does for LiteLLM.
  const client = new STSClient({ region: aws.region, endpoint: role.stsEndpoint, credentials: keys, maxAttempts: 2 });
  try {
    const { webIdentityToken } = role;
    const { Credentials: issued } =
      webIdentityToken !== undefined
        ? await client.send(
            new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: role.sessionName, WebIdentityToken: webIdentityToken, DurationSeconds: lifetimeSeconds }),
          )
        : await client.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: role.sessionName, ExternalId: role.externalId, DurationSeconds: lifetimeSeconds }));
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) throw refused(role, "its answer held no temporary credentials");
    const temporary = { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken };
    return { token: JSON.stringify(temporary), expiresAt: issued.Expiration.getTime() };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
    throw refused(role, `${name}: ${message}`);
  } finally {
    client.destroy();
  }
}

/** Parsed once per token: the cache hands out the same string until it renews. */
const parsed = new Map<string, Pick<AwsConnection, "accessKeyId" | "secretAccessKey" | "sessionToken">>();

/** The connection a request is signed with: the role's temporary keys, in the deployment's region. */
export async function assumedConnection(aws: AwsConnection & { role: AwsRole }, services: ProviderServices): Promise<AwsConnection> {
  const token = await services.tokens.token(cacheKeyOf(aws, aws.role), () => assume(aws, aws.role));
  let keys = parsed.get(token);
  if (!keys) {
    keys = JSON.parse(token) as NonNullable<typeof keys>;
    if (parsed.size >= 1_000) parsed.clear();
    parsed.set(token, keys);
  }
  return { region: aws.region, ...keys };
}
