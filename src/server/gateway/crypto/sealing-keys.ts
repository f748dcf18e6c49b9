import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

interface KeyEntry {
  id: string;
  key: Buffer;
}

export type Opened = { ok: true; plaintext: Buffer } | { ok: false; reason: "unknown_key" | "malformed" | "tampered" };

const ivBytes = 12;
const tagBytes = 16;

/**
 * AES-256-GCM keys derived with HKDF from server secrets (SWITCHYARD_SALT_KEY and its previous
 * values). Each key has a short id, so a secret can rotate: `secrets[0]` seals, every listed one
 * still opens. `purpose` goes into the derivation, so the keys of one use never open another's.
 */
export class SealingKeys {
  private readonly current: KeyEntry;
  private readonly byId = new Map<string, KeyEntry>();

  constructor(secrets: readonly string[], purpose: string) {
    if (secrets.length === 0) throw new Error(`${purpose} needs at least one secret`);
    const entries = secrets.map((secret) => ({
      id: createHash("sha256").update(secret).digest("hex").slice(0, 8),
      key: Buffer.from(hkdfSync("sha256", secret, "switchyard", purpose, 32)),
    }));
    this.current = entries[0];
    for (const entry of entries) this.byId.set(entry.id, entry);
  }

  /** The id of the key `seal` uses, for callers that put it in the sealed text and the AAD. */
  get currentId(): string {
    return this.current.id;
  }

  /** IV, ciphertext and tag in one buffer; `aad` is authenticated, not stored. */
  seal(plaintext: string | Buffer, aad: string): Buffer {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    cipher.setAAD(Buffer.from(aad));
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  open(keyId: string, sealed: Buffer, aad: string): Opened {
    const entry = this.byId.get(keyId);
    if (!entry) return { ok: false, reason: "unknown_key" };
    if (sealed.length < ivBytes + tagBytes + 2) return { ok: false, reason: "malformed" };
    try {
      const decipher = createDecipheriv("aes-256-gcm", entry.key, sealed.subarray(0, ivBytes));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
      return { ok: true, plaintext: Buffer.concat([decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)), decipher.final()]) };
    } catch {
      return { ok: false, reason: "tampered" };
    }
  }
}
