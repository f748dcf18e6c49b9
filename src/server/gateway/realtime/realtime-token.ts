import { SealingKeys } from "../crypto/sealing-keys";

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

/** Realtime tokens sealed with AES-256-GCM under keys derived from server secrets, which can rotate. */
export class RealtimeTokenKeys {
  private readonly keys: SealingKeys;

  /** `secrets[0]` seals new tokens; the others still open tokens sealed before a rotation. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error("realtime tokens need at least one secret");
    this.keys = new SealingKeys(secrets, "realtime-token-v1");
  }

  seal(claims: RealtimeTokenClaims): string {
    const keyId = this.keys.currentId;
    const sealed = this.keys.seal(JSON.stringify({ p: purpose, ...claims }), `${prefix}.${keyId}`);
    return `${prefix}.${keyId}.${sealed.toString("base64url")}`;
  }

  /** Opens and checks a token: integrity, purpose and expiry (at the provider's own time, never earlier). */
  open(token: string, nowSeconds: number): OpenedToken {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== prefix) return { ok: false, reason: "malformed" };
    const opened = this.keys.open(parts[1], Buffer.from(parts[2], "base64url"), `${prefix}.${parts[1]}`);
    if (!opened.ok) return { ok: false, reason: opened.reason };
    let claims: RealtimeTokenClaims & { p?: string };
    try {
      claims = JSON.parse(opened.plaintext.toString("utf8"));
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
