import { describe, expect, it } from "vitest";
import { AccessTokens, type AccessToken } from "./access-tokens";

function setup(lifetimeMs = 3_600_000) {
  let now = 1_000_000;
  const tokens = new AccessTokens(() => now);
  const fetched: string[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const fetchToken = async (): Promise<AccessToken> => {
    const token = `token-${fetched.length + 1}`;
    fetched.push(token);
    if (hold) await new Promise<void>((done) => (release = done));
    return { token, expiresAt: now + lifetimeMs };
  };
  return {
    tokens,
    fetched,
    fetchToken,
    advance: (ms: number) => (now += ms),
    holdFetches: () => (hold = true),
    releaseFetch: () => release?.(),
  };
}

describe("AccessTokens", () => {
  it("shares one fetch among concurrent first requests and reuses the token", async () => {
    const { tokens, fetched, fetchToken, holdFetches, releaseFetch } = setup();
    holdFetches();
    const waiting = Promise.all([1, 2, 3].map(() => tokens.token("account", fetchToken)));
    await Promise.resolve();
    releaseFetch();
    expect(await waiting).toEqual(["token-1", "token-1", "token-1"]);
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
    expect(fetched).toEqual(["token-1"]);
  });

  it("keeps tokens apart by key", async () => {
    const { tokens, fetched, fetchToken } = setup();
    await tokens.token("a", fetchToken);
    await tokens.token("b", fetchToken);
    expect(fetched).toHaveLength(2);
  });

  it("renews an hour's token five minutes before it expires, still sending the old one meanwhile", async () => {
    const { tokens, fetched, fetchToken, advance } = setup();
    await tokens.token("account", fetchToken);
    advance(54 * 60_000);
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
    expect(fetched).toHaveLength(1);
    advance(2 * 60_000); // 4 minutes left: renewed in the background
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
    expect(fetched).toHaveLength(2);
    await Promise.resolve();
    expect(await tokens.token("account", fetchToken)).toBe("token-2");
  });

  it("never hands out a token in its last minute: the request waits for a new one", async () => {
    const { tokens, fetched, fetchToken, advance } = setup();
    await tokens.token("account", fetchToken);
    advance(59 * 60_000 + 30_000);
    expect(await tokens.token("account", fetchToken)).toBe("token-2");
    expect(fetched).toHaveLength(2);
  });

  it("scales the margins to a short lifetime", async () => {
    const { tokens, fetched, fetchToken, advance } = setup(10_000);
    await tokens.token("account", fetchToken);
    advance(7_000);
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
    expect(fetched).toHaveLength(1);
    advance(1_500); // 1.5 s of 10 left: renew, send the old one
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
    expect(fetched).toHaveLength(2);
  });

  it("does not remember a failed fetch: the next request tries again", async () => {
    const { tokens, fetchToken } = setup();
    await expect(tokens.token("account", () => Promise.reject(new Error("token endpoint down")))).rejects.toThrow("token endpoint down");
    expect(await tokens.token("account", fetchToken)).toBe("token-1");
  });

  it("forgets a token the provider refused", async () => {
    const { tokens, fetchToken } = setup();
    await tokens.token("account", fetchToken);
    tokens.discard("account", "token-1");
    expect(await tokens.token("account", fetchToken)).toBe("token-2");
  });
});
