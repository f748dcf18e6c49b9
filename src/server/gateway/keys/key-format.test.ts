import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateVirtualKey, hashKey, keyPreview, isMasterToken, looksLikeKeyHash, looksLikeVirtualKey } from "./key-format";

describe("generateVirtualKey", () => {
  it("is sk- and 43 base64url characters holding 32 random bytes", () => {
    const key = generateVirtualKey();
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), "base64url")).toHaveLength(32);
    expect(looksLikeVirtualKey(key)).toBe(true);
  });

  it("does not repeat", () => {
    const keys = new Set(Array.from({ length: 2_000 }, generateVirtualKey));
    expect(keys.size).toBe(2_000);
  });
});

describe("hashKey and keyPreview", () => {
  it("hashes with SHA-256 as lower-case hex", () => {
    expect(hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const key = generateVirtualKey();
    expect(hashKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
    expect(looksLikeKeyHash(hashKey(key))).toBe(true);
    expect(looksLikeKeyHash(hashKey(key).toUpperCase())).toBe(false);
    expect(looksLikeKeyHash(key)).toBe(false);
  });

  it("previews only the last four characters", () => {
    expect(keyPreview("sk-abcdefghijklmnop1234")).toBe("sk-...1234");
  });
});

describe("looksLikeVirtualKey", () => {
  it("accepts sk- keys of 8 to 512 printable ASCII characters", () => {
    expect(looksLikeVirtualKey("sk-12345")).toBe(true);
    expect(looksLikeVirtualKey(`sk-${"a".repeat(509)}`)).toBe(true);
    expect(looksLikeVirtualKey("sk-my_custom~key!")).toBe(true);
  });

  it("rejects garbage, control characters and oversized values", () => {
    for (const value of [
      "",
      "sk-1234",
      "pk-12345678",
      "Bearer sk-12345678",
      "sk-abc def1",
      "sk-abc\u0000def",
      "sk-abcdef\n",
      "sk-abc\tdef",
      "sk-abc\u007fdef",
      "sk-ключ12345",
      `sk-${"a".repeat(510)}`,
    ]) {
      expect(looksLikeVirtualKey(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe("isMasterToken", () => {
  it("is true only for the hash of the same secret", () => {
    const master = (candidate: string) => isMasterToken(hashKey(candidate), "sk-master-key");
    expect(master("sk-master-key")).toBe(true);
    expect(master("sk-master-kez")).toBe(false);
    expect(master("sk-master")).toBe(false);
    expect(master("sk-master-key-and-more")).toBe(false);
    expect(master("")).toBe(false);
    expect(isMasterToken("short", "sk-master-key")).toBe(false);
  });
});
