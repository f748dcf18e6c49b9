import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { keyPrincipal } from "../testing/builders";
import { RequestLimits } from "./request-limits";

function refusal(admit: () => void): GatewayError {
  try {
    admit();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

function admitted(limits: RequestLimits, principal: Principal, now: number): boolean {
  try {
    limits.admit(principal, now);
    return true;
  } catch (error) {
    if (error instanceof GatewayError && error.status === 429) return false;
    throw error;
  }
}

describe("RequestLimits: rpm", () => {
  it("allows no burst across a minute boundary", () => {
    const limits = new RequestLimits();
    const principal = keyPrincipal({ rpmLimit: 5 });
    for (let i = 0; i < 5; i++) limits.admit(principal, 59_000);
    const error = refusal(() => limits.admit(principal, 61_000));
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "58" } });
    expect(error.message).toContain("this key allows 5 requests per minute");
    expect(admitted(limits, principal, 118_999)).toBe(false);
    expect(admitted(limits, principal, 119_001)).toBe(true);
  });

  it("admits exactly the limit of 200 synchronous requests", () => {
    const limits = new RequestLimits();
    const principal = keyPrincipal({ rpmLimit: 50 });
    let count = 0;
    for (let i = 0; i < 200; i++) if (admitted(limits, principal, 1_000)) count++;
    expect(count).toBe(50);
  });

  it("limits key and team separately, and a refused request counts for neither", () => {
    const limits = new RequestLimits();
    const team = { teamId: "team-a", rpmLimit: 3 };
    const keyA = keyPrincipal({ token: "a".repeat(64), rpmLimit: 2 }, team);
    const keyB = keyPrincipal({ token: "b".repeat(64) }, team);

    expect([admitted(limits, keyA, 0), admitted(limits, keyA, 0)]).toEqual([true, true]);
    expect(refusal(() => limits.admit(keyA, 0)).message).toContain("this key allows 2");
    expect(admitted(limits, keyB, 0)).toBe(true);
    expect(refusal(() => limits.admit(keyB, 0)).message).toContain("this team allows 3");

    const otherTeam = keyPrincipal({ token: "c".repeat(64), rpmLimit: 2 }, { teamId: "team-b", rpmLimit: 3 });
    expect(admitted(limits, otherTeam, 0)).toBe(true);
  });

  it("keeps separate windows per key", () => {
    const limits = new RequestLimits();
    const one = keyPrincipal({ token: "1".repeat(64), rpmLimit: 1 });
    const two = keyPrincipal({ token: "2".repeat(64), rpmLimit: 1 });
    expect([admitted(limits, one, 0), admitted(limits, two, 0), admitted(limits, one, 0)]).toEqual([true, true, false]);
  });
});

describe("RequestLimits: tpm", () => {
  it("refuses once recorded tokens reach the key's tpm, until they leave the window", () => {
    const limits = new RequestLimits();
    const principal = keyPrincipal({ tpmLimit: 1_000 });
    limits.admit(principal, 0);
    limits.recordTokens(principal, 999, 1_000);
    expect(admitted(limits, principal, 2_000)).toBe(true);
    limits.recordTokens(principal, 1, 2_000);
    const error = refusal(() => limits.admit(principal, 3_000));
    expect(error).toMatchObject({ status: 429, code: "tpm_limit_exceeded", headers: { "retry-after": "58" } });
    expect(admitted(limits, principal, 61_000)).toBe(true);
  });

  it("applies the team's tpm to all its keys", () => {
    const limits = new RequestLimits();
    const keyA = keyPrincipal({ token: "a".repeat(64) }, { teamId: "t", tpmLimit: 500 });
    const keyB = keyPrincipal({ token: "b".repeat(64) }, { teamId: "t", tpmLimit: 500 });
    limits.recordTokens(keyA, 500, 0);
    expect(refusal(() => limits.admit(keyB, 1)).message).toContain("this team allows 500 tokens per minute");
  });

  it("ignores zero and negative token counts", () => {
    const limits = new RequestLimits();
    const principal = keyPrincipal({ tpmLimit: 1 });
    limits.recordTokens(principal, 0, 0);
    limits.recordTokens(principal, -5, 0);
    expect(admitted(limits, principal, 0)).toBe(true);
  });
});

describe("RequestLimits: the master key", () => {
  it("is never limited", () => {
    const limits = new RequestLimits();
    const master: Principal = { kind: "master" };
    limits.recordTokens(master, 1e9, 0);
    for (let i = 0; i < 10_000; i++) limits.admit(master, 0);
  });
});
