import { describe, expect, it } from "vitest";
import { expectedSignature } from "../../../../../e2e/fixtures/fake-bedrock.mjs";
import { UpstreamError } from "../upstream-error";
import { signBedrockRequest } from "./sign-request";

const aws = { region: "us-east-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const request = {
  url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse",
  method: "POST" as const,
  headers: { "content-type": "application/json", accept: "application/json" },
  body: '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}',
};
const at = new Date("2026-12-07T19:00:00Z");

/** Checks a signed request as AWS would (the fake's independent implementation), against `body`. */
function verifies(headers: Record<string, string>, body: string, secret = aws.secretAccessKey): boolean {
  const match = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(headers.authorization)!;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const signature = expectedSignature({
    method: "POST",
    rawPath: "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse",
    headers: lower,
    signedHeaders: match[5].split(";"),
    body,
    amzDate: lower["x-amz-date"],
    scope: { date: match[2], region: match[3], service: match[4] },
    secret,
  });
  return signature === match[6];
}

describe("signBedrockRequest", () => {
  it("signs host, date, body hash and headers for the region and the bedrock service", async () => {
    const signed = await signBedrockRequest(request, aws, at);
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261207\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers["x-amz-date"]).toBe("20261207T190000Z");
    expect(signed.headers.host).toBe("bedrock-runtime.us-east-1.amazonaws.com");
    expect(signed.body).toBe(request.body);
    expect(verifies(signed.headers, request.body)).toBe(true);
    // The signature covers the body and the secret: another of either does not verify.
    expect(verifies(signed.headers, request.body.replace("hi", "ho"))).toBe(false);
    expect(verifies(signed.headers, request.body, "another-secret")).toBe(false);
    // The caller's request is not changed (it may be retried on another deployment).
    expect(request.headers).not.toHaveProperty("authorization");
  });

  it("sends and signs the session token of temporary credentials", async () => {
    const signed = await signBedrockRequest(request, { ...aws, sessionToken: "token-123" }, at);
    expect(signed.headers["x-amz-security-token"]).toBe("token-123");
    expect(signed.headers.authorization).toContain("x-amz-security-token");
    expect(verifies(signed.headers, request.body)).toBe(true);
  });

  it("fails as a deployment without credentials, never unsigned, and names no secret", async () => {
    const failure = await signBedrockRequest(request, { region: "us-east-1" }, at).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).status).toBe(401);
    expect((failure as UpstreamError).message).toContain("AWS_ACCESS_KEY_ID");
  });
});
