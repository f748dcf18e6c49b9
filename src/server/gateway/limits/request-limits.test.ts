import { describe, expect, it } from "vitest";
import type { Principal } from "../keys/principal";
import { keyPrincipal } from "../testing/builders";
import { MemoryRequestLimits } from "./request-limits";
import { admitted, admittedCount, refusal, expectSlidingMinute } from "./testing/admission";

describe("MemoryRequestLimits: rpm", () => {
  it("allows no burst across a minute boundary", async () => {
    const limits = new MemoryRequestLimits();
    const principal = keyPrincipal({ rpmLimit: 5 });
    await expectSlidingMinute(limits, principal);
  });

  it("admits exactly the limit of 200 concurrent requests", async () => {
    const limits = new MemoryRequestLimits();
    const principal = keyPrincipal({ rpmLimit: 50 });
    expect(await admittedCount(200, () => admitted(limits, principal, 1_000))).toBe(50);
  });

  it("limits key and team separately, and a refused request counts for neither", async () => {
    const limits = new MemoryRequestLimits();
    const team = { teamId: "team-a", rpmLimit: 3 };
    const keyA = keyPrincipal({ token: "a".repeat(64), rpmLimit: 2 }, team);
    const keyB = keyPrincipal({ token: "b".repeat(64) }, team);

    expect([await admitted(limits, keyA, 0), await admitted(limits, keyA, 0)]).toEqual([true, true]);
    expect((await refusal(limits.admit(keyA, 0))).message).toContain("this key allows 2");
    expect(await admitted(limits, keyB, 0)).toBe(true);
    expect((await refusal(limits.admit(keyB, 0))).message).toContain("this team allows 3");

    const otherTeam = keyPrincipal({ token: "c".repeat(64), rpmLimit: 2 }, { teamId: "team-b", rpmLimit: 3 });
    expect(await admitted(limits, otherTeam, 0)).toBe(true);
  });

  it("keeps separate windows per key", async () => {
    const limits = new MemoryRequestLimits();
    const one = keyPrincipal({ token: "1".repeat(64), rpmLimit: 1 });
    const two = keyPrincipal({ token: "2".repeat(64), rpmLimit: 1 });
    expect([await admitted(limits, one, 0), await admitted(limits, two, 0), await admitted(limits, one, 0)]).toEqual([true, true, false]);
  });
});

describe("MemoryRequestLimits: tpm", () => {
  it("refuses once recorded tokens reach the key's tpm, until they leave the window", async () => {
    const limits = new MemoryRequestLimits();
    const principal = keyPrincipal({ tpmLimit: 1_000 });
    await limits.admit(principal, 0);
    await limits.recordTokens(principal, 999, 1_000);
    expect(await admitted(limits, principal, 2_000)).toBe(true);
    await limits.recordTokens(principal, 1, 2_000);
    const error = await refusal(limits.admit(principal, 3_000));
    expect(error).toMatchObject({ status: 429, code: "tpm_limit_exceeded", headers: { "retry-after": "58" } });
    expect(await admitted(limits, principal, 61_000)).toBe(true);
  });

  it("applies the team's tpm to all its keys", async () => {
    const limits = new MemoryRequestLimits();
    const keyA = keyPrincipal({ token: "a".repeat(64) }, { teamId: "t", tpmLimit: 500 });
    const keyB = keyPrincipal({ token: "b".repeat(64) }, { teamId: "t", tpmLimit: 500 });
    await limits.recordTokens(keyA, 500, 0);
    expect((await refusal(limits.admit(keyB, 1))).message).toContain("this team allows 500 tokens per minute");
  });

  it("ignores zero and negative token counts", async () => {
    const limits = new MemoryRequestLimits();
    const principal = keyPrincipal({ tpmLimit: 1 });
    await limits.recordTokens(principal, 0, 0);
    await limits.recordTokens(principal, -5, 0);
    expect(await admitted(limits, principal, 0)).toBe(true);
  });
});

describe("MemoryRequestLimits: the master key", () => {
  it("is never limited", async () => {
    const limits = new MemoryRequestLimits();
    const master: Principal = { kind: "master" };
    await limits.recordTokens(master, 1e9, 0);
    expect(await admittedCount(10_000, () => admitted(limits, master, 0))).toBe(10_000);
  });
});
