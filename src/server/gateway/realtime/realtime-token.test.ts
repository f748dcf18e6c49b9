import { describe, expect, it } from "vitest";
import { RealtimeTokenKeys, looksLikeRealtimeToken, type RealtimeTokenClaims } from "./realtime-token";

const claims: RealtimeTokenClaims = {
  ephemeralKey: "ek_live_secret_123",
  deploymentId: "dep-1",
  keyToken: "a".repeat(64),
  teamId: "team-1",
  model: "gpt-realtime",
  expiresAt: 1_000_060,
};

describe("realtime tokens", () => {
  const keys = new RealtimeTokenKeys(["first-secret-long-enough"]);

  it("round-trips the claims and hides the ephemeral key", () => {
    const token = keys.seal(claims);
    expect(looksLikeRealtimeToken(token)).toBe(true);
    expect(token).not.toContain("ek_live");
    expect(Buffer.from(token.split(".")[2], "base64url").toString("latin1")).not.toContain("ek_live");
    expect(keys.open(token, 1_000_000)).toEqual({ ok: true, claims });
  });

  it("uses a fresh IV each time", () => {
    expect(keys.seal(claims)).not.toBe(keys.seal(claims));
  });

  it("expires exactly at the provider's expiry, never earlier (a clock we move)", () => {
    const token = keys.seal(claims);
    expect(keys.open(token, 1_000_059).ok).toBe(true);
    expect(keys.open(token, 1_000_060)).toEqual({ ok: false, reason: "expired", expiresAt: 1_000_060 });
  });

  it("refuses any changed byte, another secret, and garbage", () => {
    const token = keys.seal(claims);
    const [prefix, kid, body] = token.split(".");
    const bytes = Buffer.from(body, "base64url");
    for (const index of [0, 12, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[index] ^= 1;
      expect(keys.open(`${prefix}.${kid}.${changed.toString("base64url")}`, 1_000_000)).toMatchObject({ ok: false, reason: "tampered" });
    }
    const stranger = new RealtimeTokenKeys(["another-secret-entirely"]);
    expect(stranger.open(token, 1_000_000)).toMatchObject({ ok: false, reason: "unknown_key" });
    for (const garbage of ["", "sy_rt", "sy_rt.x", "sy_rt.x.y.z", `sy_rt.${kid}.AAAA`, "sk-not-a-token"]) {
      expect(keys.open(garbage, 1_000_000).ok).toBe(false);
    }
  });

  it("keeps tokens sealed before a rotation working while the old secret is listed", () => {
    const before = keys.seal(claims);
    const rotated = new RealtimeTokenKeys(["second-secret-long-enough", "first-secret-long-enough"]);
    expect(rotated.open(before, 1_000_000).ok).toBe(true);
    const after = rotated.seal(claims);
    expect(after.split(".")[1]).not.toBe(before.split(".")[1]);
    expect(new RealtimeTokenKeys(["second-secret-long-enough"]).open(before, 1_000_000)).toMatchObject({ ok: false, reason: "unknown_key" });
  });
});
