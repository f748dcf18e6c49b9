import { SealingKeys } from "../crypto/sealing-keys";
import type { CredentialValues } from "./credential-values";

export type OpenedValues = { ok: true; values: CredentialValues } | { ok: false; reason: "malformed" | "unknown_key" | "tampered" };

const version = "v1";

/**
 * Seals a credential's values for the database: AES-256-GCM under a key derived from
 * SWITCHYARD_SALT_KEY, as `v1.<key id>.<base64url(iv | ciphertext | tag)>`. The credential's name
 * is authenticated with it, so a sealed value copied onto another row does not open there.
 */
export class CredentialCipher {
  private readonly keys: SealingKeys;

  /** `saltKeys[0]` seals; the previous salt keys still open what they sealed (rotation). */
  constructor(saltKeys: readonly string[]) {
    this.keys = new SealingKeys(saltKeys, "credential-values-v1");
  }

  seal(name: string, values: CredentialValues): string {
    const keyId = this.keys.currentId;
    return `${version}.${keyId}.${this.keys.seal(JSON.stringify(values), aadOf(keyId, name)).toString("base64url")}`;
  }

  open(name: string, sealed: string): OpenedValues {
    const parts = sealed.split(".");
    if (parts.length !== 3 || parts[0] !== version) return { ok: false, reason: "malformed" };
    const opened = this.keys.open(parts[1], Buffer.from(parts[2], "base64url"), aadOf(parts[1], name));
    if (!opened.ok) return opened;
    try {
      return { ok: true, values: JSON.parse(opened.plaintext.toString("utf8")) as CredentialValues };
    } catch {
      return { ok: false, reason: "tampered" };
    }
  }
}

function aadOf(keyId: string, name: string): string {
  return `sy_cred.${version}.${keyId}.${name}`;
}
