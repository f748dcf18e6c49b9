import { hash, randomBytes } from "node:crypto";

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

let masterDigest: { secret: string; token: string } | undefined;

/**
 * Constant-time comparison of a presented key's token (see hashKey) with the master key's, hashed
 * once, not per request. Both are 64 hex characters, so comparing them in place, without
 * decoding each request's token into a Buffer for timingSafeEqual, reveals nothing more.
 */
export function isMasterToken(token: string, masterKey: string): boolean {
  if (masterDigest?.secret !== masterKey) masterDigest = { secret: masterKey, token: hashKey(masterKey) };
  const expected = masterDigest.token;
  if (token.length !== expected.length) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= token.charCodeAt(index) ^ expected.charCodeAt(index);
  return difference === 0;
}
