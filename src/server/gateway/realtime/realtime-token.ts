import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/** What a realtime token carries; everything `/v1/realtime/calls` needs, so any instance can serve it. */
export interface RealtimeTokenClaims {
  /** The provider's ephemeral key (`ek_...`). */
  ephemeralKey: string;
  /** The deployment that minted it: an ephemeral key only works where it was issued. */
  deploymentId: string;
  keyToken: string | null;
  teamId: string | null;
  model: string;
  /** Seconds since the epoch; never later than the provider's own expiry. */
  expiresAt: number;
}

export type OpenedToken = { ok: true; claims: RealtimeTokenClaims } | { ok: false; reason: "malformed" | "unknown_key" | "tampered" | "wrong_purpose" | "expired"; expiresAt?: number };

const prefix = "sy_rt";
const purpose = "realtime.calls";

interface KeyEntry {
  id: string;
  key: Buffer;
}

/** AES-256-GCM keys derived with HKDF from server secrets; each has an id, so secrets can rotate. */
export class RealtimeTokenKeys {
  private readonly current: KeyEntry;
  private readonly byId = new Map<string, KeyEntry>();

  /** `secrets[0]` seals new tokens; the others still open tokens sealed before a rotation. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error("realtime tokens need at least one secret");
    const entries = secrets.map((secret) => ({
      id: createHash("sha256").update(secret).digest("hex").slice(0, 8),
      key: Buffer.from(hkdfSync("sha256", secret, "switchyard", "realtime-token-v1", 32)),
    }));
    this.current = entries[0];
    for (const entry of entries) this.byId.set(entry.id, entry);
  }

  seal(claims: RealtimeTokenClaims): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    cipher.setAAD(Buffer.from(`${prefix}.${this.current.id}`));
    const plaintext = JSON.stringify({ p: purpose, ...claims });
    const sealed = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${prefix}.${this.current.id}.${sealed.toString("base64url")}`;
  }

  /** Opens and checks a token: integrity, purpose and expiry (at the provider's own time, never earlier). */
  open(token: string, nowSeconds: number): OpenedToken {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== prefix) return { ok: false, reason: "malformed" };
    const entry = this.byId.get(parts[1]);
    if (!entry) return { ok: false, reason: "unknown_key" };
    const sealed = Buffer.from(parts[2], "base64url");
    if (sealed.length < 12 + 16 + 2) return { ok: false, reason: "malformed" };
    let claims: RealtimeTokenClaims & { p?: string };
    try {
      const decipher = createDecipheriv("aes-256-gcm", entry.key, sealed.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${prefix}.${entry.id}`));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const plaintext = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
      claims = JSON.parse(plaintext.toString("utf8"));
    } catch {
      return { ok: false, reason: "tampered" };
    }
    if (claims.p !== purpose) return { ok: false, reason: "wrong_purpose" };
    if (nowSeconds >= claims.expiresAt) return { ok: false, reason: "expired", expiresAt: claims.expiresAt };
    const { p: _purpose, ...rest } = claims;
    return { ok: true, claims: rest };
  }
}

export function looksLikeRealtimeToken(value: string): boolean {
  return value.startsWith(`${prefix}.`);
}
