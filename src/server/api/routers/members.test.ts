import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issuePasswordToken, redeemPasswordToken, tokenLifetimeMs } from "../../auth/password-tokens";
import { addMember, checkCredentials, createUser, membershipsOf, openSession, userOfSession } from "../../auth/users";
import { badTokenMessage } from "../../services/account/set-password-with-token";
import type { TeamRole, UserRow } from "../../db/schema";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { newTeamRow } from "../../gateway/keys/new-team-row";

let harness: Harness;
const users: Record<string, UserRow> = {};

beforeEach(async () => {
  harness = await startHarness();
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  for (const teamId of ["team-a", "team-b"]) {
    await ctx.keys.insertTeam(newTeamRow(teamId, teamId, now));
  }
  const members: Array<[string, string, TeamRole]> = [
    ["owner-a@x.test", "team-a", "owner"],
    ["admin-a@x.test", "team-a", "admin"],
    ["owner-b@x.test", "team-b", "owner"],
  ];
  for (const [email, teamId, role] of members) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery" }, now);
    await addMember(ctx.database, teamId, users[email].id, role, now);
  }
  users["root@x.test"] = await createUser(ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, now);
});

afterEach(async () => {
  await harness.close();
});

const as = (email?: string) => createCaller({ user: email === undefined ? undefined : users[email], gateway: harness.gateway.ctx });
const code = (call: Promise<unknown>) =>
  call.then(
    () => "no error",
    (error: { code: string }) => error.code,
  );

describe("members procedures", () => {
  it("lets an owner invite a new account with a one-time link, change its role and remove it", async () => {
    const owner = as("owner-a@x.test");
    const added = await owner.members.add({ teamId: "team-a", email: "new@x.test", role: "member" });
    expect(added).toMatchObject({ existingAccount: false, invite: { token: expect.stringMatching(/^syt_/) } });
    const database = harness.gateway.ctx.database;
    // No password until the link is used; then the chosen one works, and the link is spent.
    expect(await checkCredentials(database, "new@x.test", "")).toBeUndefined();
    expect(await as().account.setPasswordWithToken({ token: added.invite!.token, password: "chosen password 1" })).toEqual({ email: "new@x.test" });
    expect(await checkCredentials(database, "new@x.test", "chosen password 1")).toBeDefined();
    expect(await code(as().account.setPasswordWithToken({ token: added.invite!.token, password: "second try 12" }))).toBe("BAD_REQUEST");
    expect(await checkCredentials(database, "new@x.test", "second try 12")).toBeUndefined();
    // Only the hash is stored.
    expect(JSON.stringify(database.sqlite!.prepare("select * from password_tokens").all())).not.toContain(added.invite!.token);
    await owner.members.setRole({ teamId: "team-a", userId: added.userId, role: "viewer" });
    expect((await owner.members.list({ teamId: "team-a" })).find((member) => member.email === "new@x.test")?.role).toBe("viewer");
    await owner.members.remove({ teamId: "team-a", userId: added.userId });
    expect((await owner.members.list({ teamId: "team-a" })).map((member) => member.email)).not.toContain("new@x.test");
  });

  it("keeps membership changes to owners of that team, and one owner always", async () => {
    expect(await code(as("admin-a@x.test").members.add({ teamId: "team-a", email: "x@x.test", role: "owner" }))).toBe("FORBIDDEN");
    expect(await code(as("owner-a@x.test").members.list({ teamId: "team-b" }))).toBe("FORBIDDEN");
    // Team A's owner naming team B's owner under team A: not a member here, nothing changes.
    expect(await code(as("owner-a@x.test").members.remove({ teamId: "team-a", userId: users["owner-b@x.test"].id }))).toBe("NOT_FOUND");
    expect(await code(as("owner-a@x.test").members.setRole({ teamId: "team-a", userId: users["owner-a@x.test"].id, role: "admin" }))).toBe("CONFLICT");
    expect(await membershipsOf(harness.gateway.ctx.database, users["owner-b@x.test"])).toEqual([{ teamId: "team-b", teamAlias: "team-b", role: "owner" }]);
  });

  it("says when the person already has an account, and leaves their password alone", async () => {
    const added = await as("owner-a@x.test").members.add({ teamId: "team-a", email: "owner-b@x.test", role: "viewer" });
    expect(added).toMatchObject({ existingAccount: true, invite: null });
    expect(await checkCredentials(harness.gateway.ctx.database, "owner-b@x.test", "correct horse battery")).toBeDefined();
  });

  it("lets only instance admins issue a reset link, which ends the user's sessions and works once", async () => {
    const target = users["admin-a@x.test"];
    expect(await code(as("owner-a@x.test").members.resetPassword({ userId: target.id }))).toBe("FORBIDDEN");
    expect(await code(as("admin-a@x.test").members.resetPassword({ userId: target.id }))).toBe("FORBIDDEN");
    expect(await code(as().members.resetPassword({ userId: target.id }))).toBe("UNAUTHORIZED");
    const database = harness.gateway.ctx.database;
    const session = await openSession(database, target.id, new Date(harness.gateway.ctx.now()));
    const first = await as("root@x.test").members.resetPassword({ userId: target.id });
    const second = await as("root@x.test").members.resetPassword({ userId: target.id });
    // A newer link replaces the older one.
    expect(await code(as().account.setPasswordWithToken({ token: first.token, password: "attacker pass 1" }))).toBe("BAD_REQUEST");
    await as().account.setPasswordWithToken({ token: second.token, password: "fresh password 1" });
    expect(await checkCredentials(database, target.email, "fresh password 1")).toBeDefined();
    expect(await checkCredentials(database, target.email, "correct horse battery")).toBeUndefined();
    expect(await userOfSession(database, session, new Date(harness.gateway.ctx.now()))).toBeUndefined();
  });

  it("refuses unknown, malformed and expired tokens with one message", async () => {
    const database = harness.gateway.ctx.database;
    const { token } = await issuePasswordToken(database, { userId: users["admin-a@x.test"].id, purpose: "reset", createdBy: "root@x.test" }, new Date(harness.gateway.ctx.now()));
    const later = new Date(harness.gateway.ctx.now() + tokenLifetimeMs.reset + 1);
    expect(await redeemPasswordToken(database, token, "too late pass 1", later)).toBeUndefined();
    const messages = new Set<string>();
    for (const bad of [`syt_${"A".repeat(43)}`, "not-a-token", `${token}x`]) {
      const failure = await as()
        .account.setPasswordWithToken({ token: bad, password: "whatever pass 1" })
        .catch((error: Error & { code: string }) => error);
      expect((failure as { code: string }).code).toBe("BAD_REQUEST");
      messages.add((failure as Error).message);
    }
    expect([...messages]).toEqual([badTokenMessage]);
  });

  it("changes one's own password only with the current one", async () => {
    const me = as("owner-a@x.test");
    expect(await code(me.account.changePassword({ currentPassword: "wrong", newPassword: "new password 1" }))).toBe("BAD_REQUEST");
    expect(await code(as().account.changePassword({ currentPassword: "correct horse battery", newPassword: "new password 1" }))).toBe("UNAUTHORIZED");
    await me.account.changePassword({ currentPassword: "correct horse battery", newPassword: "new password 1" });
    expect(await checkCredentials(harness.gateway.ctx.database, "owner-a@x.test", "new password 1")).toBeDefined();
  });

  it("lets instance admins create teams, becoming their owner", async () => {
    expect(await code(as("owner-a@x.test").teams.create({ alias: "nope" }))).toBe("FORBIDDEN");
    const created = await as("root@x.test").teams.create({ alias: "Platform" });
    expect((await as("root@x.test").members.list({ teamId: created.teamId })).map((member) => member.role)).toEqual(["owner"]);
  });
});
