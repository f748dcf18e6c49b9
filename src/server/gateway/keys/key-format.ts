import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/** `sk-` + 32 random bytes in base64url: 256 bits, typeable, and recognisable in logs and scanners. */
export function generateVirtualKey(): string {
  return `sk-${randomBytes(32).toString("base64url")}`;
}

/**
 * A key's stored `token`: the lower-case hex SHA-256 of the key, computed once per request (the
 * master-key check and the token look-up share it). The one-shot `hash` costs a fifth of a
 * `createHash` object's round trip, which showed in the request profile.
 */
export function hashKey(plainKey: string): string {
  return hash("sha256", plainKey, "hex");
}

/** `sk-...abcd`: enough to recognise a key in a list, never enough to use it. */
export function keyPreview(plainKey: string): string {
  return `sk-...${plainKey.slice(-4)}`;
}

/** A plausible virtual key: checked before any lookup so garbage never reaches the database. */
export function looksLikeVirtualKey(value: string): boolean {
  return value.length >= 8 && value.length <= 512 && value.startsWith("sk-") && /^[\x21-\x7e]+$/.test(value);
}

/** A 64-character lower-case SHA-256 hex digest, i.e. a key's stored `token`. */
export function looksLikeKeyHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

let masterDigest: { secret: string; digest: Buffer } | undefined;

/** Constant-time comparison of a presented key's token (see hashKey) with the master key's, hashed once, not per request. */
export function isMasterToken(token: string, masterKey: string): boolean {
  if (masterDigest?.secret !== masterKey) masterDigest = { secret: masterKey, digest: Buffer.from(hashKey(masterKey), "hex") };
  return timingSafeEqual(Buffer.from(token, "hex"), masterDigest.digest);
}

/** Constant-time equality that also hides the length of the secret. */
export function secretsEqual(candidate: string, secret: string): boolean {
  return isMasterToken(hashKey(candidate), secret);
}
