import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, checkCredentials, createUser, membershipsOf } from "../../auth/users";
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

const as = (email: string) => createCaller({ user: users[email], gateway: harness.gateway.ctx });
const code = (call: Promise<unknown>) =>
  call.then(
    () => "no error",
    (error: { code: string }) => error.code,
  );

describe("members procedures", () => {
  it("lets an owner invite a new account, change its role and remove it", async () => {
    const owner = as("owner-a@x.test");
    const added = await owner.members.add({ teamId: "team-a", email: "new@x.test", role: "member", password: "first password 1" });
    const database = harness.gateway.ctx.database;
    expect(await checkCredentials(database, "new@x.test", "first password 1")).toBeDefined();
    await owner.members.setRole({ teamId: "team-a", userId: added.userId, role: "viewer" });
    expect((await owner.members.list({ teamId: "team-a" })).find((member) => member.email === "new@x.test")?.role).toBe("viewer");
    await owner.members.remove({ teamId: "team-a", userId: added.userId });
    expect((await owner.members.list({ teamId: "team-a" })).map((member) => member.email)).not.toContain("new@x.test");
  });

  it("keeps membership changes to owners of that team, and one owner always", async () => {
    expect(await code(as("admin-a@x.test").members.add({ teamId: "team-a", email: "x@x.test", role: "owner", password: "12345678" }))).toBe("FORBIDDEN");
    expect(await code(as("owner-a@x.test").members.list({ teamId: "team-b" }))).toBe("FORBIDDEN");
    // Team A's owner naming team B's owner under team A: not a member here, nothing changes.
    expect(await code(as("owner-a@x.test").members.remove({ teamId: "team-a", userId: users["owner-b@x.test"].id }))).toBe("NOT_FOUND");
    expect(await code(as("owner-a@x.test").members.setRole({ teamId: "team-a", userId: users["owner-a@x.test"].id, role: "admin" }))).toBe("CONFLICT");
    expect(await membershipsOf(harness.gateway.ctx.database, users["owner-b@x.test"])).toEqual([{ teamId: "team-b", teamAlias: "team-b", role: "owner" }]);
  });

  it("asks for a first password for someone without an account", async () => {
    expect(await code(as("owner-a@x.test").members.add({ teamId: "team-a", email: "nobody@x.test", role: "member" }))).toBe("BAD_REQUEST");
  });

  it("lets instance admins create teams, becoming their owner", async () => {
    expect(await code(as("owner-a@x.test").teams.create({ alias: "nope" }))).toBe("FORBIDDEN");
    const created = await as("root@x.test").teams.create({ alias: "Platform" });
    expect((await as("root@x.test").members.list({ teamId: created.teamId })).map((member) => member.role)).toEqual(["owner"]);
  });
});
