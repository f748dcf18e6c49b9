import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/gateway-harness";
import type { KeyActor } from "./key-authority";
import { generateVirtualKey } from "./key-format";
import { createVirtualKey, deleteVirtualKeys, regenerateVirtualKey, updateVirtualKey } from "./manage-keys";
import { newTeamRow } from "./new-team-row";

// The module both doors call, on a fresh SQLite database: refusals come before any change, and
// a refused change leaves nothing behind, not even an audit row.
let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
  for (const teamId of ["team-a", "team-b"]) await harness.gateway.ctx.keys.insertTeam(newTeamRow(teamId, teamId, new Date(harness.gateway.ctx.now())));
});
afterEach(async () => {
  await harness.close();
});

const master: KeyActor = { name: "master key", authority: "instance" };
const teamAdmin: KeyActor = { name: "admin@x.test", authority: "team", teamId: "team-a" };
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { status: number; code: string; message: string; param: string | null }) => ({ status: error.status, code: error.code, message: error.message, param: error.param }),
  );
const auditCount = () => (harness.gateway.ctx.database.sqlite!.prepare("select count(*) as n from audit_log").get() as { n: number }).n;

describe("key management", () => {
  it("refuses a chosen key that is already a key, on create and on regenerate", async () => {
    const ctx = harness.gateway.ctx;
    const first = await createVirtualKey(ctx, master, { keyAlias: "first" });
    const second = await createVirtualKey(ctx, master, { keyAlias: "second" });
    const audited = auditCount();

    expect(await refusal(createVirtualKey(ctx, master, {}, first.plainKey))).toEqual({ status: 409, code: "conflict", message: "key: this key already exists", param: "key" });
    expect(await refusal(regenerateVirtualKey(ctx, master, second.row.token, first.plainKey))).toMatchObject({ status: 409, param: "new_key" });
    // Its own value again would leave the old secret working: refused the same way.
    expect(await refusal(regenerateVirtualKey(ctx, master, second.row.token, second.plainKey))).toMatchObject({ status: 409, param: "new_key" });

    expect((await ctx.keys.reloadKey(second.row.token))?.keyAlias).toBe("second");
    expect(auditCount()).toBe(audited);
  });

  it("deletes all the keys named or none of them", async () => {
    const ctx = harness.gateway.ctx;
    const kept = await createVirtualKey(ctx, master, { keyAlias: "kept" });
    expect(await refusal(deleteVirtualKeys(ctx, master, { tokens: [kept.row.token], aliases: ["nobody"] }))).toMatchObject({ status: 404, param: "key_aliases" });
    expect(await ctx.keys.reloadKey(kept.row.token)).toBeDefined();

    const other = await createVirtualKey(ctx, master, { keyAlias: "other" });
    const deleted = await deleteVirtualKeys(ctx, master, { tokens: [kept.row.token, kept.row.token], aliases: ["kept", "other"] });
    expect(deleted.map((row) => row.keyAlias).sort()).toEqual(["kept", "other"]);
    expect(await ctx.keys.reloadKey(other.row.token)).toBeUndefined();
    expect(harness.gateway.ctx.database.sqlite!.prepare("select action from audit_log where action = 'key.deleted'").all()).toHaveLength(2);
  });

  it("keeps a dashboard member to their team's keys, and their keys in it", async () => {
    const ctx = harness.gateway.ctx;
    const theirs = await createVirtualKey(ctx, master, { keyAlias: "b-key", teamId: "team-b" });
    expect(await refusal(updateVirtualKey(ctx, teamAdmin, theirs.row.token, { rpmLimit: 1 }))).toEqual({ status: 404, code: "not_found", message: "No such key in this team", param: "key" });
    expect(await refusal(deleteVirtualKeys(ctx, teamAdmin, { tokens: [], aliases: ["b-key"] }))).toMatchObject({ status: 404 });
    expect(await refusal(regenerateVirtualKey(ctx, teamAdmin, theirs.row.token))).toMatchObject({ status: 404 });

    const mine = await createVirtualKey(ctx, teamAdmin, { keyAlias: "mine", teamId: "team-b" }, generateVirtualKey());
    expect(mine.row.teamId).toBe("team-a");
    expect(await refusal(updateVirtualKey(ctx, teamAdmin, mine.row.token, { teamId: "team-b" }))).toMatchObject({ status: 400, param: "team_id" });
    expect((await ctx.keys.reloadKey(theirs.row.token))?.rpmLimit).toBeNull();
  });

  it("refuses a team that does not exist, and an admin key to a team-level actor", async () => {
    const ctx = harness.gateway.ctx;
    expect(await refusal(createVirtualKey(ctx, master, { keyAlias: "lost", teamId: "no-such-team" }))).toMatchObject({ status: 400, param: "team_id" });
    expect(await refusal(createVirtualKey(ctx, { name: "key ops", authority: "team" }, { role: "admin" }))).toMatchObject({ status: 403, code: "admin_required" });
    const admin = await createVirtualKey(ctx, master, { role: "admin", teamId: "team-a" });
    expect(await refusal(updateVirtualKey(ctx, teamAdmin, admin.row.token, { rpmLimit: 1 }))).toMatchObject({ status: 403 });
    expect(await refusal(updateVirtualKey(ctx, { name: "key ops", authority: "team" }, (await createVirtualKey(ctx, master, {})).row.token, { role: "admin" }))).toMatchObject({
      status: 403,
    });
    expect(auditCount()).toBe(2);
  });
});
