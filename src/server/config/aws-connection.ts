/**
 * An IAM role to assume through AWS STS (LiteLLM's `aws_role_name`): the keys above sign the
 * AssumeRole call, or a web identity token stands in for them, and the role's temporary keys
 * sign the Bedrock requests.
 */
export interface AwsRole {
  arn: string;
  sessionName: string;
  externalId?: string;
  webIdentityToken?: string;
  /** `aws_sts_endpoint`: the operator's config only, never a stored credential (it is where keys are sent). */
  stsEndpoint?: string;
}

/** What a Bedrock request is signed with (SigV4). Keys are absent when neither the config nor the environment gives them. */
export interface AwsConnection {
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  role?: AwsRole;
}

/** LiteLLM's `litellm_params` (and credential values) for AWS. */
export const awsConnectionKeys = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_region_name",
  "aws_bedrock_runtime_endpoint",
  "aws_role_name",
  "aws_session_name",
  "aws_external_id",
  "aws_web_identity_token",
] as const;

/** The role session LiteLLM names when the config gives none. */
export const defaultAwsSessionName = "switchyard-session";
export type AwsConnectionKey = (typeof awsConnectionKeys)[number];
export type AwsConnectionValues = Partial<Record<AwsConnectionKey, string>>;

/** The standard AWS environment variables, read once when the config loads, as the values they stand in for. */
export type AwsEnvDefaults = AwsConnectionValues;

/** A region names a host (`bedrock-runtime.{region}.amazonaws.com`): only letters, digits and dashes may. */
export const awsRegionPattern = /^[a-z0-9-]+$/;

/** Where LiteLLM (via boto3) sends requests when no region is given anywhere. */
export const defaultAwsRegion = "us-west-2";

export function awsDefaultsFromEnv(lookupEnv: (name: string) => string | undefined): AwsEnvDefaults {
  return {
    aws_access_key_id: lookupEnv("AWS_ACCESS_KEY_ID"),
    aws_secret_access_key: lookupEnv("AWS_SECRET_ACCESS_KEY"),
    aws_session_token: lookupEnv("AWS_SESSION_TOKEN"),
    aws_region_name: lookupEnv("AWS_REGION_NAME") ?? lookupEnv("AWS_REGION") ?? lookupEnv("AWS_DEFAULT_REGION"),
    aws_bedrock_runtime_endpoint: lookupEnv("AWS_BEDROCK_RUNTIME_ENDPOINT"),
  };
}

/**
 * The signing values of a Bedrock deployment. A key pair comes whole from one place, the
 * deployment's values or else the environment, so a session token of one is never sent with the
 * keys of the other.
 */
export function awsConnectionOf(values: AwsConnectionValues, env: AwsEnvDefaults = {}): AwsConnection {
  const keys = values.aws_access_key_id !== undefined || values.aws_secret_access_key !== undefined ? values : env;
  return {
    region: values.aws_region_name ?? env.aws_region_name ?? defaultAwsRegion,
    ...(keys.aws_access_key_id !== undefined && { accessKeyId: keys.aws_access_key_id }),
    ...(keys.aws_secret_access_key !== undefined && { secretAccessKey: keys.aws_secret_access_key }),
    ...(keys.aws_session_token !== undefined && { sessionToken: keys.aws_session_token }),
    ...(values.aws_role_name !== undefined && {
      role: {
        arn: values.aws_role_name,
        sessionName: values.aws_session_name ?? defaultAwsSessionName,
        ...(values.aws_external_id !== undefined && { externalId: values.aws_external_id }),
        ...(values.aws_web_identity_token !== undefined && { webIdentityToken: values.aws_web_identity_token }),
      },
    }),
  };
}

/** The runtime endpoint: aws_bedrock_runtime_endpoint, else api_base, else the region's own host. */
export function bedrockApiBase(values: AwsConnectionValues & { api_base?: string }, env: AwsEnvDefaults, defaultBase: string, region: string): string | undefined {
  const given = values.aws_bedrock_runtime_endpoint ?? values.api_base ?? env.aws_bedrock_runtime_endpoint;
  if (given !== undefined) return given;
  // Trust boundary: a stored credential's region is typed by an admin; one that is not a region name would move the host.
  return awsRegionPattern.test(region) ? defaultBase.replace("{region}", region) : undefined;
}

/** Values that must never be shown (publicParams, /model/info). */
export const awsSecretKeys = ["aws_secret_access_key", "aws_session_token", "aws_web_identity_token"] as const;

/**
 * An access key id as /model/info and the dashboard show it: a hint (`AKI...WXYZ`), as stored
 * credentials' values are shown (credential-values.ts `hintOf`); it names the account it belongs to.
 */
export function accessKeyIdHint(value: string): string {
  return value.length >= 16 ? `${value.slice(0, 3)}...${value.slice(-4)}` : "****";
}
