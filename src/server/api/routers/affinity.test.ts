import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refToSend } from "../../../app/(dashboard)/affinity/ref-to-send";
import { addMember, createUser } from "../../auth/users";
import type { TeamRole, UserRow } from "../../db/schema";
import { encryptedFingerprint } from "../../gateway/affinity/refs";
import { thinkingFingerprint } from "../../gateway/affinity/thinking-refs";
import { createVirtualKey } from "../../gateway/keys/manage-keys";
import { generateVirtualKey } from "../../gateway/keys/key-format";
import { jsonUpstreamResponse, masterKey, startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { errorCode } from "../testing/seed-teams";
import { newTeamRow } from "../../gateway/keys/new-team-row";

// Responses made through the gateway with each team's key, then looked up by id, item id and blob.
let harness: Harness;
const users: Record<string, UserRow> = {};
const keys: Record<string, string> = {};
const blob = "gAAAAB" + "encrypted-reasoning-".repeat(40);

beforeEach(async () => {
  harness = await startHarness(64_000);
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  for (const teamId of ["team-a", "team-b"]) {
    await ctx.keys.insertTeam(newTeamRow(teamId, teamId, now));
    keys[teamId] = generateVirtualKey();
    await createVirtualKey(ctx, { name: "master key", authority: "instance" }, { teamId }, keys[teamId]);
  }
  const members: Array<[string, string, TeamRole]> = [
    ["viewer-a@x.test", "team-a", "viewer"],
    ["owner-b@x.test", "team-b", "owner"],
  ];
  for (const [email, teamId, role] of members) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery" }, now);
    await addMember(ctx.database, teamId, users[email].id, role, now);
  }
});

afterEach(async () => {
  await harness.close();
});

const as = (email?: string) => createCaller({ user: email ? users[email] : undefined, gateway: harness.gateway.ctx });

/** One `POST /v1/responses` answered with this response id and a reasoning item carrying an encrypted blob. */
async function respond(key: string, responseId: string, itemId: string) {
  harness.answer = async () =>
    jsonUpstreamResponse(200, {
      id: responseId,
      object: "response",
      status: "completed",
      model: "gpt-4o-2024-08-06",
      output: [
        { id: itemId, type: "reasoning", summary: [], encrypted_content: `${blob}${responseId}` },
        { id: `msg_${responseId}`, type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello" }] },
      ],
      usage: { input_tokens: 5, output_tokens: 1, total_tokens: 6 },
    });
  const response = await harness.call("POST", "/v1/responses", { key, body: { model: "gpt-4o", input: "hi" } });
  expect(response.status).toBe(200);
}

/** One `POST /v1/messages` with thinking on, answered by the Anthropic deployment with a signed thinking block and redacted thinking. */
async function think(key: string, signature: string, data: string) {
  harness.answer = async () =>
    jsonUpstreamResponse(200, {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [
        { type: "thinking", thinking: "Let me see", signature },
        { type: "redacted_thinking", data },
        { type: "text", text: "Hello" },
      ],
      stop_reason: "end_turn",
      usage: { input_tokens: 5, output_tokens: 1 },
    });
  const body = { model: "claude-sonnet", max_tokens: 1024, thinking: { type: "enabled", budget_tokens: 512 }, messages: [{ role: "user", content: "hi" }] };
  const response = await harness.call("POST", "/v1/messages", { key, body });
  expect(response.status).toBe(200);
}

describe("affinity.lookup", () => {
  it("finds a team's thinking signature and redacted data, pasted whole or fingerprinted in the browser", async () => {
    const signature = "EqQBCkYIBxgCKkB" + "signature-".repeat(40);
    const data = "EmwKAhgBEgy3va3p" + "redacted-".repeat(40);
    await think(keys["team-a"], signature, data);
    const viewer = as("viewer-a@x.test");
    const deploymentId = harness.gateway.ctx.router.deploymentsOf("claude-sonnet")[0].id;
    for (const pasted of [signature, data]) {
      const expected = { kind: "thinking_signature", ref: thinkingFingerprint(pasted), deploymentId, modelGroup: "claude-sonnet" };
      expect(await viewer.affinity.lookup({ teamId: "team-a", ref: pasted })).toMatchObject(expected);
      // The browser sends the digest as enc:<sha256>; the same digest names the signature.
      expect(await viewer.affinity.lookup({ teamId: "team-a", ref: await refToSend(pasted) })).toMatchObject(expected);
      expect(await viewer.affinity.lookup({ teamId: "team-a", ref: thinkingFingerprint(pasted) })).toMatchObject(expected);
    }
    expect(await errorCode(as("owner-b@x.test").affinity.lookup({ teamId: "team-b", ref: signature }))).toBe("NOT_FOUND");
  });

  it("finds a team's response, item and encrypted blob, with where they were made", async () => {
    await respond(keys["team-a"], "resp_a1", "rs_a1");
    const viewer = as("viewer-a@x.test");
    const deploymentId = harness.gateway.ctx.router.deploymentsOf("gpt-4o")[0].id;

    const response = await viewer.affinity.lookup({ teamId: "team-a", ref: "resp_a1" });
    expect(response).toMatchObject({
      ref: "resp_a1",
      kind: "response",
      deploymentId,
      modelGroup: "gpt-4o",
      deploymentConfigured: true,
      servableBy: [{ id: deploymentId, modelGroup: "gpt-4o" }],
    });
    expect(Date.parse(response.expiresAt) - Date.parse(response.createdAt)).toBe(30 * 86_400_000);
    expect(JSON.stringify(response)).not.toMatch(/credential|token|sk-/i);

    expect(await viewer.affinity.lookup({ teamId: "team-a", ref: "  rs_a1\n" })).toMatchObject({ kind: "item", deploymentId });
    // The blob pasted whole (the server fingerprints it), or fingerprinted in the browser first.
    const pasted = `${blob}resp_a1`;
    expect(await viewer.affinity.lookup({ teamId: "team-a", ref: pasted })).toMatchObject({ kind: "encrypted_content", ref: encryptedFingerprint(pasted) });
    expect(await refToSend(pasted)).toBe(encryptedFingerprint(pasted));
    expect(await refToSend(" resp_a1 ")).toBe("resp_a1");
    expect(await viewer.affinity.lookup({ teamId: "team-a", ref: await refToSend(pasted) })).toMatchObject({ kind: "encrypted_content" });
  });

  it("answers another team's references exactly as unknown ones", async () => {
    await respond(keys["team-b"], "resp_b1", "rs_b1");
    const viewer = as("viewer-a@x.test");
    for (const ref of ["resp_b1", "rs_b1", `${blob}resp_b1`, "resp_nobody"]) {
      expect(await errorCode(viewer.affinity.lookup({ teamId: "team-a", ref }))).toBe("NOT_FOUND");
    }
    expect(await errorCode(viewer.affinity.lookup({ teamId: "team-b", ref: "resp_b1" }))).toBe("FORBIDDEN");
    expect(await errorCode(as().affinity.lookup({ teamId: "team-b", ref: "resp_b1" }))).toBe("UNAUTHORIZED");
    expect(await as("owner-b@x.test").affinity.lookup({ teamId: "team-b", ref: "resp_b1" })).toMatchObject({ kind: "response" });
  });

  it("shows no team the master key's responses", async () => {
    await respond(masterKey, "resp_master", "rs_master");
    expect(await errorCode(as("viewer-a@x.test").affinity.lookup({ teamId: "team-a", ref: "resp_master" }))).toBe("NOT_FOUND");
  });

  it("says when no configured deployment holds those credentials any more", async () => {
    const now = harness.gateway.ctx.now();
    await harness.gateway.ctx.affinity.store.record([
      {
        ref: "resp_old",
        kind: "response",
        deploymentId: "removed-deployment",
        credentialHash: "0".repeat(32),
        modelGroup: "gpt-4o",
        keyToken: null,
        teamId: "team-a",
        createdAt: new Date(now),
        expiresAt: new Date(now + 60_000),
      },
    ]);
    expect(await as("viewer-a@x.test").affinity.lookup({ teamId: "team-a", ref: "resp_old" })).toMatchObject({
      deploymentId: "removed-deployment",
      deploymentConfigured: false,
      servableBy: [],
    });
  });

  it("refuses an empty reference", async () => {
    expect(await errorCode(as("viewer-a@x.test").affinity.lookup({ teamId: "team-a", ref: "   " }))).toBe("BAD_REQUEST");
  });
});
