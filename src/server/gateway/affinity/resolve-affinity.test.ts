import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { affinityRow } from "../testing/affinity-database";
import { keyPrincipal } from "../testing/builders";
import { encryptedFingerprint, type AffinityRefs } from "./refs";
import { ownedBy, resolveAffinity } from "./resolve-affinity";

const tokenA = "a".repeat(64);
const tokenB = "b".repeat(64);
const master: Principal = { kind: "master" };
const teamless = keyPrincipal({ token: tokenA });
const teamOne = keyPrincipal({ token: tokenA }, { teamId: "team-1" });
const fingerprint = encryptedFingerprint("reasoning-blob");

const refs = (previousResponseId: string | undefined, itemIds: string[] = [], fingerprints: string[] = []): AffinityRefs =>
  previousResponseId === undefined ? { itemIds, fingerprints } : { previousResponseId, itemIds, fingerprints };

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error("expected a GatewayError");
}

describe("resolveAffinity", () => {
  it("is none when nothing was found", () => {
    expect(resolveAffinity(refs("resp_1", ["msg_1"], [fingerprint]), [], teamless)).toEqual({ kind: "none" });
  });

  it("pins to the previous response's deployment, whatever else was found first", () => {
    const found = [affinityRow("msg_1", { deploymentId: "dep-b" }), affinityRow(fingerprint, { deploymentId: "dep-c" }), affinityRow("resp_1", { deploymentId: "dep-a" })];
    expect(resolveAffinity(refs("resp_1", ["msg_1"], [fingerprint]), found, teamless)).toEqual({
      kind: "pinned",
      credentialHash: "hash-one",
      deploymentId: "dep-a",
      source: "previous_response_id",
      refs: ["msg_1", fingerprint, "resp_1"],
    });
  });

  it("prefers an item id over an encrypted blob, in whatever order the rows were found", () => {
    const found = [affinityRow(fingerprint, { deploymentId: "dep-c" }), affinityRow("rs_1", { deploymentId: "dep-b" })];
    expect(resolveAffinity(refs(undefined, ["rs_1"], [fingerprint]), found, teamless)).toMatchObject({ kind: "pinned", source: "item_id", deploymentId: "dep-b" });
    expect(resolveAffinity(refs(undefined, ["rs_1"], [fingerprint]), [...found].reverse(), teamless)).toMatchObject({ source: "item_id", deploymentId: "dep-b" });
  });

  it("pins by an encrypted blob alone, as Codex sends reasoning without ids", () => {
    const found = [affinityRow(fingerprint, { deploymentId: "dep-c", credentialHash: "hash-two" })];
    expect(resolveAffinity(refs(undefined, [], [fingerprint]), found, teamless)).toEqual({
      kind: "pinned",
      credentialHash: "hash-two",
      deploymentId: "dep-c",
      source: "encrypted_content",
      refs: [fingerprint],
    });
  });

  it("pins by items when the previous response is unknown (expired or never seen)", () => {
    const found = [affinityRow("msg_1", { deploymentId: "dep-b" })];
    expect(resolveAffinity(refs("resp_gone", ["msg_1"]), found, teamless)).toMatchObject({ kind: "pinned", source: "item_id", deploymentId: "dep-b" });
    expect(resolveAffinity(refs("resp_gone"), [], teamless)).toEqual({ kind: "none" });
  });

  it("answers 400 naming the items when they come from two sets of credentials, never showing a fingerprint", () => {
    const found = [affinityRow("msg_1", { credentialHash: "hash-one" }), affinityRow("rs_2", { credentialHash: "hash-two" }), affinityRow(fingerprint, { credentialHash: "hash-two" })];
    const error = thrown(() => resolveAffinity(refs(undefined, ["msg_1", "rs_2"], [fingerprint]), found, teamless));
    expect(error).toMatchObject({ status: 400, code: "invalid_request", param: "input" });
    expect(error.message).toContain("[msg_1] and [rs_2, an encrypted_content blob]");
    expect(error.message).not.toContain(fingerprint.slice(4, 20));
    expect(error.message).not.toContain("hash-");
  });

  it("answers 400 when the previous response and an item disagree", () => {
    const found = [affinityRow("resp_1", { credentialHash: "hash-one" }), affinityRow("msg_9", { credentialHash: "hash-two" })];
    const error = thrown(() => resolveAffinity(refs("resp_1", ["msg_9"]), found, teamless));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/resp_1.*msg_9/);
  });

  it("answers 404 on previous_response_id when the response belongs to another team", () => {
    const found = [affinityRow("resp_1", { teamId: "team-2", keyToken: tokenB })];
    const error = thrown(() => resolveAffinity(refs("resp_1"), found, teamOne));
    expect(error).toMatchObject({ status: 404, code: "not_found", param: "previous_response_id" });
    expect(error.message).toBe("Previous response with id 'resp_1' not found.");
  });

  it("answers 404 when a team-less response was made by another key, even if its items are visible", () => {
    const found = [affinityRow("resp_1", { keyToken: tokenB }), affinityRow("msg_1", { keyToken: tokenA })];
    expect(thrown(() => resolveAffinity(refs("resp_1", ["msg_1"]), found, teamless)).status).toBe(404);
  });

  it("ignores another team's item rows: no conflict, no pin from them", () => {
    const mine = affinityRow("msg_1", { teamId: "team-1", credentialHash: "hash-one", deploymentId: "dep-a" });
    const theirs = affinityRow("msg_2", { teamId: "team-2", credentialHash: "hash-two", deploymentId: "dep-c" });
    expect(resolveAffinity(refs(undefined, ["msg_1", "msg_2"]), [theirs, mine], teamOne)).toMatchObject({
      kind: "pinned",
      credentialHash: "hash-one",
      deploymentId: "dep-a",
      refs: ["msg_1"],
    });
    expect(resolveAffinity(refs(undefined, ["msg_2"]), [theirs], teamOne)).toEqual({ kind: "none" });
  });

  it("lets the master key follow up on anyone's response", () => {
    const found = [affinityRow("resp_1", { teamId: "team-2", keyToken: tokenB, deploymentId: "dep-b" })];
    expect(resolveAffinity(refs("resp_1"), found, master)).toMatchObject({ kind: "pinned", deploymentId: "dep-b", source: "previous_response_id" });
  });
});

describe("ownedBy", () => {
  const teamRowOf = (teamId: string, keyToken: string | null = tokenB) => affinityRow("msg_1", { teamId, keyToken });
  const keyRowOf = (keyToken: string | null) => affinityRow("msg_1", { teamId: null, keyToken });

  it("gives the master key every row", () => {
    for (const row of [teamRowOf("team-2"), keyRowOf(tokenB), keyRowOf(null)]) expect(ownedBy(row, master)).toBe(true);
  });

  it("gives a team row to any key of the same team, and to no other", () => {
    expect(ownedBy(teamRowOf("team-1", tokenB), teamOne)).toBe(true);
    expect(ownedBy(teamRowOf("team-2", tokenA), teamOne)).toBe(false);
    expect(ownedBy(teamRowOf("team-1", tokenA), teamless)).toBe(false);
  });

  it("gives a team-less row to the key that made it, and to no other", () => {
    expect(ownedBy(keyRowOf(tokenA), teamless)).toBe(true);
    expect(ownedBy(keyRowOf(tokenA), teamOne)).toBe(true);
    expect(ownedBy(keyRowOf(tokenB), teamless)).toBe(false);
    expect(ownedBy(keyRowOf(null), teamless)).toBe(false);
  });
});
