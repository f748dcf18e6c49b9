import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** `sk-` + 32 random bytes in base64url: 256 bits, typeable, and recognisable in logs and scanners. */
export function generateVirtualKey(): string {
  return `sk-${randomBytes(32).toString("base64url")}`;
}

export function hashKey(plainKey: string): string {
  return createHash("sha256").update(plainKey).digest("hex");
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

/** Constant-time equality that also hides the length of the secret. */
export function secretsEqual(candidate: string, secret: string): boolean {
  return timingSafeEqual(createHash("sha256").update(candidate).digest(), createHash("sha256").update(secret).digest());
}
