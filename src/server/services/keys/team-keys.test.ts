import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newTeamRow } from "../../gateway/keys/new-team-row";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createTeamKey, updateTeamKey, type KeyServiceContext } from "./team-keys";

// Editing a key on a fresh database: what the edit leaves out stays as it was, and the audit
// row says what changed, from what to what.
let harness: Harness;
let ctx: KeyServiceContext;
beforeEach(async () => {
  harness = await startHarness();
  await harness.gateway.ctx.keys.insertTeam(newTeamRow("team-a", "team-a", new Date(harness.gateway.ctx.now())));
  ctx = { gateway: harness.gateway.ctx, teamId: "team-a", actor: "admin@x.test", instanceAdmin: false };
});
afterEach(async () => {
  await harness.close();
});

const form = { alias: "ci", models: ["gpt-4o"], maxBudget: 5, rpmLimit: null, tpmLimit: null };
const auditDetails = (action: string) =>
  (harness.gateway.ctx.database.sqlite!.prepare("select details from audit_log where action = ?").all(action) as { details: string }[]).map((row) => JSON.parse(row.details));

describe("updateTeamKey", () => {
  it("keeps the expiry when the edit does not name one, and audits each changed field", async () => {
    const created = await createTeamKey(ctx, { ...form, duration: "30d" });
    const expires = created.summary.expires;
    expect(Date.parse(expires!) - harness.gateway.ctx.now()).toBeCloseTo(30 * 86_400_000, -3);

    const edited = await updateTeamKey(ctx, created.summary.id, { ...form, rpmLimit: 60 });
    expect(edited).toMatchObject({ expires, rpmLimit: 60, maxBudget: 5 });
    expect((await harness.gateway.ctx.keys.findKey(created.summary.id))!.expires!.toISOString()).toBe(expires);
    expect(auditDetails("key.updated")).toEqual([{ alias: "ci", changes: { rpmLimit: { old: null, new: 60 } } }]);
  });

  it("removes the expiry only when asked to, and sets a new one from now", async () => {
    const created = await createTeamKey(ctx, { ...form, duration: "30d" });
    const removed = await updateTeamKey(ctx, created.summary.id, { ...form, duration: null });
    expect(removed.expires).toBeNull();
    const renewed = await updateTeamKey(ctx, created.summary.id, { ...form, alias: "ci-2", duration: "1d" });
    expect(Date.parse(renewed.expires!) - harness.gateway.ctx.now()).toBeCloseTo(86_400_000, -3);
    expect(auditDetails("key.updated")).toEqual([
      { alias: "ci", changes: { expires: { old: created.summary.expires, new: null } } },
      { alias: "ci-2", changes: { keyAlias: { old: "ci", new: "ci-2" }, expires: { old: null, new: renewed.expires } } },
    ]);
    // Neither the key nor its hash reaches the log.
    const log = JSON.stringify(harness.gateway.ctx.database.sqlite!.prepare("select * from audit_log").all());
    expect(log).not.toContain(created.key);
    expect(log).not.toContain(created.summary.id);
  });
});
