import { describe, expect, it } from "vitest";
import { CredentialCipher } from "./credential-cipher";

const saltKey = "salt-key-one-0123456789";
const values = { api_key: "sk-proj-plaintext-secret-abcd", api_base: "https://api.example.test/v1" };

describe("credential cipher", () => {
  const cipher = new CredentialCipher([saltKey]);

  it("round-trips the values, with nothing readable in the sealed text", () => {
    const sealed = cipher.seal("prod-openai", values);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("plaintext-secret");
    expect(Buffer.from(sealed.split(".")[2], "base64url").toString("latin1")).not.toContain("plaintext-secret");
    expect(cipher.open("prod-openai", sealed)).toEqual({ ok: true, values });
  });

  it("uses a fresh IV each time", () => {
    expect(cipher.seal("prod-openai", values)).not.toBe(cipher.seal("prod-openai", values));
  });

  it("does not open under another salt key, even one claiming the right key id", () => {
    const sealed = cipher.seal("prod-openai", values);
    const stranger = new CredentialCipher(["salt-key-two-0123456789"]);
    expect(stranger.open("prod-openai", sealed)).toEqual({ ok: false, reason: "unknown_key" });
    // The same bytes under the stranger's key id: the key is wrong, so the tag does not verify.
    const strangerId = stranger.seal("x", { a: "b" }).split(".")[1];
    const [, , body] = sealed.split(".");
    expect(stranger.open("prod-openai", `v1.${strangerId}.${body}`)).toEqual({ ok: false, reason: "tampered" });
  });

  it("detects any changed byte, and a sealed value moved to another credential's name", () => {
    const sealed = cipher.seal("prod-openai", values);
    const [version, keyId, body] = sealed.split(".");
    const bytes = Buffer.from(body, "base64url");
    for (const index of [0, 11, 12, 20, bytes.length - 17, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[index] ^= 0x01;
      expect(cipher.open("prod-openai", `${version}.${keyId}.${changed.toString("base64url")}`)).toEqual({ ok: false, reason: "tampered" });
    }
    expect(cipher.open("other-credential", sealed)).toEqual({ ok: false, reason: "tampered" });
    for (const garbage of ["", "v1", "v2." + keyId + "." + body, `v1.${keyId}.AAAA`, `v1.${keyId}`]) {
      expect(cipher.open("prod-openai", garbage).ok).toBe(false);
    }
  });

  it("opens values sealed before a salt-key rotation while the old key is listed as previous", () => {
    const before = cipher.seal("prod-openai", values);
    const rotated = new CredentialCipher(["salt-key-new-0123456789", saltKey]);
    expect(rotated.open("prod-openai", before)).toEqual({ ok: true, values });
    const after = rotated.seal("prod-openai", values);
    expect(after.split(".")[1]).not.toBe(before.split(".")[1]);
    expect(new CredentialCipher(["salt-key-new-0123456789"]).open("prod-openai", before)).toEqual({ ok: false, reason: "unknown_key" });
  });

  it("keeps its keys apart from realtime tokens' keys derived from the same secret", async () => {
    const { RealtimeTokenKeys } = await import("../realtime/realtime-token");
    const token = new RealtimeTokenKeys([saltKey]).seal({ ephemeralKey: "ek", deploymentId: "d", keyToken: null, teamId: null, model: "m", expiresAt: 9e9 });
    const [, keyId, body] = token.split(".");
    expect(cipher.open("prod-openai", `v1.${keyId}.${body}`)).toEqual({ ok: false, reason: "tampered" });
  });
});
