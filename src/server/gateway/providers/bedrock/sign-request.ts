import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsConnection } from "../../../config/aws-connection";
import { errorBody } from "../../errors";
import type { UpstreamRequest } from "../types";
import { UpstreamError } from "../upstream-error";

/** Node's own SHA-256 (OpenSSL), as the AWS SDK uses in Node: the body is hashed on every request. */
const sha256 = Hash.bind(null, "sha256");

/**
 * One signer per key pair and region, built once. The signing key (derived per day, region and
 * service) is cached inside @smithy/signature-v4, so a request costs a body hash and two HMACs.
 */
const signers = new Map<string, SignatureV4>();

function signerFor(aws: Required<Pick<AwsConnection, "accessKeyId" | "secretAccessKey">> & AwsConnection): SignatureV4 {
  const key = `${aws.region}\n${aws.accessKeyId}\n${aws.secretAccessKey}\n${aws.sessionToken ?? ""}`;
  let signer = signers.get(key);
  if (!signer) {
    const credentials = { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey, sessionToken: aws.sessionToken };
    signer = new SignatureV4({ credentials, region: aws.region, service: "bedrock", sha256 });
    if (signers.size >= 1_000) signers.clear();
    signers.set(key, signer);
  }
  return signer;
}

const parsedUrls = new Map<string, { protocol: string; hostname: string; port?: number; path: string; host: string }>();

function partsOf(url: string) {
  let parts = parsedUrls.get(url);
  if (!parts) {
    const parsed = new URL(url);
    parts = { protocol: parsed.protocol, hostname: parsed.hostname, port: parsed.port === "" ? undefined : Number(parsed.port), path: parsed.pathname, host: parsed.host };
    if (parsedUrls.size >= 10_000) parsedUrls.clear();
    parsedUrls.set(url, parts);
  }
  return parts;
}

/**
 * The request with AWS Signature Version 4 headers (`authorization`, `x-amz-date`,
 * `x-amz-content-sha256`, `x-amz-security-token` with temporary keys), signed for the
 * deployment's region and the `bedrock` service over its host, headers and body.
 */
export async function signBedrockRequest(request: UpstreamRequest, aws: AwsConnection | undefined, signingDate = new Date()): Promise<UpstreamRequest> {
  if (!aws?.accessKeyId || !aws.secretAccessKey) {
    throw new UpstreamError(
      401,
      errorBody(
        "This Bedrock deployment has no AWS credentials: set aws_access_key_id and aws_secret_access_key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        "authentication_error",
        "aws_credentials_missing",
      ),
      { isRetryable: true },
    );
  }
  const { protocol, hostname, port, path, host } = partsOf(request.url);
  const signed = await signerFor({ ...aws, accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey }).sign(
    { method: request.method, protocol, hostname, port, path, query: {}, headers: { ...request.headers, host }, body: request.body },
    { signingDate },
  );
  return { ...request, headers: signed.headers };
}
