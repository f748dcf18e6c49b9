import { createHash } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { errorBody } from "../../errors";
import type { AccessToken } from "../access-tokens";
import type { ProviderServices } from "../types";
import { sendBuffered, upstreamUrl } from "../upstream-client";
import { UpstreamError } from "../upstream-error";
import { credentialsProblem, loadGoogleCredentials, type GoogleCredentials } from "./service-account";

export const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
const assertionLifetimeSeconds = 3600;
const tokenFetchTimeoutMs = 30_000;

/** The token cache's key for a credentials source: a hash, so neither a key nor a path is kept in clear. */
export function tokenKeyOf(source: string): string {
  return `google:${createHash("sha256").update(source).digest("hex")}`;
}

/**
 * The OAuth 2.0 JWT bearer grant (RFC 7523) as Google runs it: an assertion signed RS256 with
 * the service account's private key, naming the account (iss), the token endpoint (aud) and the
 * scope. jose signs it: a well-kept, dependency-free library, rather than JWT encoding and key
 * parsing written here.
 */
export async function signAssertion(credentials: Extract<GoogleCredentials, { type: "service_account" }>, nowSeconds: number): Promise<string> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(credentials.private_key, "RS256");
  } catch {
    throw credentialsProblem(`The private key of service account ${credentials.client_email} is not a PKCS#8 RSA key`);
  }
  return new SignJWT({ scope: cloudPlatformScope })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(credentials.private_key_id && { kid: credentials.private_key_id }) })
    .setIssuer(credentials.client_email)
    .setAudience(credentials.token_uri)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + assertionLifetimeSeconds)
    .sign(key);
}

async function grantFor(credentials: GoogleCredentials, nowSeconds: number): Promise<URLSearchParams> {
  if (credentials.type === "authorized_user") {
    const { client_id, client_secret, refresh_token } = credentials;
    return new URLSearchParams({ grant_type: "refresh_token", client_id, client_secret, refresh_token });
  }
  return new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: await signAssertion(credentials, nowSeconds) });
}

/** What the token endpoint said, for the operator, without anything it was sent. */
function refusal(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    const reason = [body.error, body.error_description].filter((part) => typeof part === "string").join(": ");
    if (reason !== "") return reason.slice(0, 300);
  } catch {
    // not JSON: the status says enough
  }
  return `status ${status}`;
}

/**
 * Fetches an access token for `source` (vertex_credentials) from the credentials' token_uri.
 * `checkAddresses` for credentials an admin stored at run time, whose token_uri must not reach
 * an internal address (as for a stored api_base).
 */
export async function fetchGoogleToken(source: string, services: ProviderServices, checkAddresses: boolean): Promise<AccessToken> {
  const credentials = loadGoogleCredentials(source);
  const startedAt = services.now();
  const body = (await grantFor(credentials, Math.floor(Date.now() / 1000))).toString();
  const request = { url: credentials.token_uri, method: "POST" as const, headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body };
  const answer = await sendBuffered(services.upstream, request, { timeoutMs: tokenFetchTimeoutMs, checkAddresses });
  const { host } = upstreamUrl(credentials.token_uri);
  if (answer.status !== 200) {
    const status = answer.status >= 500 || answer.status === 429 ? 502 : 401;
    const message = `Google's token endpoint ${host} refused the Vertex AI credentials (${refusal(answer.status, answer.text)})`;
    throw new UpstreamError(status, errorBody(message, status === 401 ? "authentication_error" : "server_error", "upstream_auth_failed"), { isRetryable: true });
  }
  let token: { access_token?: unknown; expires_in?: unknown };
  try {
    token = JSON.parse(answer.text) as typeof token;
  } catch {
    token = {};
  }
  if (typeof token.access_token !== "string" || token.access_token === "" || typeof token.expires_in !== "number" || token.expires_in <= 0) {
    throw new UpstreamError(502, errorBody(`Google's token endpoint ${host} answered without an access token and its lifetime`, "server_error", "upstream_auth_failed"));
  }
  return { token: token.access_token, expiresAt: startedAt + token.expires_in * 1000 };
}
