import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../auth/users";
import type { UserRow } from "../../db/schema";
import { copyText } from "../../gateway/testing/cost-map-copies";
import { sourceUnavailableMessage } from "../../gateway/cost-maps/preview-cost-map";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { failure } from "../testing/seed-teams";

// The cost-map procedures on a real gateway (started on the built-in map of 2026-07-24, version 1)
// with the real dated copies of LiteLLM's map: instance admins change it, every signed-in user reads it.
let harness: Harness;
const users: Record<string, UserRow> = {};

beforeEach(async () => {
  harness = await startHarness();
  const { ctx } = harness.gateway;
  const now = new Date(ctx.now());
  users.admin = await createUser(ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, now);
  users.member = await createUser(ctx.database, { email: "member@x.test", password: "correct horse battery" }, now);
});

afterEach(async () => {
  await harness.close();
});

const as = (who?: "admin" | "member") => createCaller({ user: who ? users[who] : undefined, gateway: harness.gateway.ctx });
const activeVersion = () => harness.gateway.ctx.costMaps.active.current().versionId;
const sql = (query: string) => harness.gateway.ctx.database.sqlite!.prepare(query).all();

describe("costMap procedures", () => {
  it("previews 17a then 17b from uploaded text, applies each, and rolls back", async () => {
    const admin = as("admin");
    expect((await admin.costMap.overview()).active).toMatchObject({ versionId: 1, source: "builtin", modelCount: 2_983 });

    // The older 17a copy against the built-in map: claude-sonnet-4-6 did not exist yet.
    const first = await admin.costMap.preview({ content: copyText("feb17a") });
    expect(first).toMatchObject({ source: "upload", modelCount: 2_568, baseVersionId: 1, summary: { added: 152, removed: 567, changed: 529 } });
    expect(first.removed).toContain("claude-sonnet-4-6");
    expect(activeVersion()).toBe(1);
    await admin.costMap.applyPreview({ previewId: first.previewId });
    expect(activeVersion()).toBe(first.previewId);

    const second = await admin.costMap.preview({ content: copyText("feb17b") });
    expect(second).toMatchObject({ modelCount: 2_578, baseVersionId: first.previewId, summary: { added: 10, removed: 0, changed: 0 }, flags: [] });
    expect(second.added).toContain("claude-sonnet-4-6");
    const applied = await admin.costMap.applyPreview({ previewId: second.previewId });
    expect(applied).toMatchObject({ versionId: second.previewId, modelCount: 2_578, source: "upload" });
    expect(activeVersion()).toBe(second.previewId);

    const overview = await as("member").costMap.overview();
    expect(overview.versions.map((version) => [version.versionId, version.active])).toEqual([
      [second.previewId, true],
      [first.previewId, false],
      [1, false],
    ]);
    expect(overview.active).toMatchObject({ versionId: second.previewId, modelCount: 2_578 });
    expect(overview.configuredSource).toEqual({ kind: "litellm", location: "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json" });
    expect(overview.schedule.scheduled).toBe(false);

    await admin.costMap.rollback({ versionId: first.previewId });
    expect(activeVersion()).toBe(first.previewId);
    expect((await admin.costMap.overview()).active.versionId).toBe(first.previewId);
  });

  it("lists each changed field old -> new", async () => {
    const admin = as("admin");
    await admin.costMap.applyPreview({ previewId: (await admin.costMap.preview({ content: copyText("feb17a") })).previewId });
    const repriced = JSON.parse(copyText("feb17b")) as Record<string, Record<string, unknown>>;
    const before = repriced["gpt-4o"].input_cost_per_token;
    repriced["gpt-4o"].input_cost_per_token = (before as number) * 20;
    delete repriced["gpt-4o-mini"].output_cost_per_token;
    const preview = await admin.costMap.preview({ content: JSON.stringify(repriced) });
    expect(preview.changed.find((change) => change.model === "gpt-4o")?.fields.input_cost_per_token).toEqual({ old: before, new: (before as number) * 20 });
    expect(preview.flags.map((flag) => `${flag.kind} ${flag.model}`)).toEqual(["price_jump gpt-4o", "lost_price gpt-4o-mini"]);
  });

  it("discards a preview and refuses to apply it, or to apply one twice", async () => {
    const admin = as("admin");
    const preview = await admin.costMap.preview({ content: copyText("feb17a") });
    expect(await admin.costMap.discard({ previewId: preview.previewId })).toEqual({ previewId: preview.previewId, discarded: true });
    expect((await failure(admin.costMap.applyPreview({ previewId: preview.previewId }))).code).toBe("NOT_FOUND");
    expect(activeVersion()).toBe(1);

    const again = await admin.costMap.preview({ content: copyText("feb17a") });
    await admin.costMap.applyPreview({ previewId: again.previewId });
    expect((await failure(admin.costMap.applyPreview({ previewId: again.previewId }))).code).toBe("CONFLICT");
    expect((await failure(admin.costMap.rollback({ versionId: 999 }))).code).toBe("NOT_FOUND");
    expect((await failure(admin.costMap.discard({ previewId: again.previewId }))).code).toBe("NOT_FOUND");
  });

  it("lets everyone signed in read, and only instance admins change", async () => {
    const member = as("member");
    const overview = await member.costMap.overview();
    expect(overview).toMatchObject({ canChange: false, active: { versionId: 1 } });
    expect((await as("admin").costMap.overview()).canChange).toBe(true);

    const preview = await as("admin").costMap.preview({ content: copyText("feb17a") });
    expect((await failure(member.costMap.preview({ content: copyText("feb17b") }))).code).toBe("FORBIDDEN");
    expect((await failure(member.costMap.applyPreview({ previewId: preview.previewId }))).code).toBe("FORBIDDEN");
    expect((await failure(member.costMap.discard({ previewId: preview.previewId }))).code).toBe("FORBIDDEN");
    expect((await failure(member.costMap.rollback({ versionId: 1 }))).code).toBe("FORBIDDEN");
    // Authorisation comes before input validation: a stranger learns nothing from a bad input.
    expect((await failure(member.costMap.rollback({ versionId: -1 }))).code).toBe("FORBIDDEN");
    expect((await failure(as().costMap.overview())).code).toBe("UNAUTHORIZED");
    expect(activeVersion()).toBe(1);
  });

  it("refuses a bad map with the domain's reason as BAD_REQUEST and keeps the active version", async () => {
    const admin = as("admin");
    const truncated = await failure(admin.costMap.preview({ content: copyText("feb17a").slice(0, 5_000) }));
    expect(truncated).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^The cost map from upload was refused: not JSON/) });
    const shrunk = await failure(admin.costMap.preview({ content: JSON.stringify({ "gpt-4o": { input_cost_per_token: 1e-6 } }) }));
    expect(shrunk).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("suspicious shrink: 1 models against 2983") });
    const negative = await failure(admin.costMap.preview({ content: JSON.stringify({ ...JSON.parse(copyText("feb17a")), "gpt-4o": { input_cost_per_token: -1 } }) }));
    expect(negative).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("negative or invalid prices: gpt-4o.input_cost_per_token = -1") });
    const unreachable = await failure(admin.costMap.preview({ url: "http://127.0.0.1:9/model_prices.json" }));
    expect(unreachable).toEqual({ code: "BAD_REQUEST", message: sourceUnavailableMessage });
    // The dashboard takes http(s) URLs only: a path would read the server's own disk.
    expect((await failure(admin.costMap.preview({ url: "/etc/passwd" }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.costMap.preview({ url: "file:///etc/passwd" }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.costMap.preview({ url: "https://example.test/a.json", content: "{}" }))).code).toBe("BAD_REQUEST");

    expect(activeVersion()).toBe(1);
    expect(sql("select version_id, status from cost_map_versions")).toEqual([{ version_id: 1, status: "applied" }]);
  });

  it("never shows a source URL's credentials or query string", async () => {
    const { costMaps } = harness.gateway.ctx;
    const secret = "https://user:hunter2@prices.example.test/model_prices.json?token=abc";
    costMaps.configuredSource = secret;
    await costMaps.store.recordReload(
      new Date(harness.gateway.ctx.now()),
      `Could not load the cost map from ${secret}: ECONNREFUSED: connection refused (after 3 attempts). The active version 1 (2,983 models) stays.`,
    );
    const overview = await as("member").costMap.overview();
    expect(overview.configuredSource).toEqual({ kind: "remote", location: "https://prices.example.test/model_prices.json?…" });
    expect(overview.schedule.lastError).toBe(
      "Could not load the cost map from https://prices.example.test/model_prices.json?…: ECONNREFUSED: connection refused (after 3 attempts). The active version 1 (2,983 models) stays.",
    );
    expect(JSON.stringify(overview)).not.toMatch(/hunter2|token=abc/);
  });

  it("writes an audit row for preview, apply, discard and roll back, marked as from the dashboard", async () => {
    const admin = as("admin");
    const first = await admin.costMap.preview({ content: copyText("feb17a") });
    await admin.costMap.applyPreview({ previewId: first.previewId });
    const dropped = await admin.costMap.preview({ content: copyText("feb17b") });
    await admin.costMap.discard({ previewId: dropped.previewId });
    await admin.costMap.rollback({ versionId: 1 });

    const rows = sql("select actor, team_id, action, target_type, target_id, details from audit_log order by id") as Array<Record<string, unknown>>;
    const previewed = (preview: typeof first, modelCount: number) => ({
      actor: "root@x.test",
      team_id: null,
      action: "cost_map.previewed",
      target_type: "cost_map",
      target_id: String(preview.previewId),
      details: { source: "upload", modelCount, ...preview.summary, via: "dashboard" },
    });
    expect(rows.map((row) => ({ ...row, details: JSON.parse(row.details as string) }))).toEqual([
      previewed(first, 2_568),
      {
        actor: "root@x.test",
        team_id: null,
        action: "cost_map.applied",
        target_type: "cost_map",
        target_id: String(first.previewId),
        details: { versionId: first.previewId, modelCount: 2_568, ...first.summary, via: "dashboard" },
      },
      previewed(dropped, 2_578),
      {
        actor: "root@x.test",
        team_id: null,
        action: "cost_map.discarded",
        target_type: "cost_map",
        target_id: String(dropped.previewId),
        details: { previewId: dropped.previewId, modelCount: 2_578, added: 10, removed: 0, changed: 0, via: "dashboard" },
      },
      {
        actor: "root@x.test",
        team_id: null,
        action: "cost_map.rolled_back",
        target_type: "cost_map",
        target_id: "1",
        details: { versionId: 1, fromVersionId: first.previewId, modelCount: 2_983, via: "dashboard" },
      },
    ]);
  });

  it("keeps an upload's file name as its source, shows added models' prices, and refuses a name with control characters", async () => {
    const admin = as("admin");
    const preview = await admin.costMap.preview({ content: copyText("feb17b"), fileName: "prices-feb.json" });
    expect(preview.source).toBe("upload: prices-feb.json");
    expect(preview.added.length).toBeGreaterThan(0);
    expect(Object.keys(preview.addedPrices).sort()).toEqual([...preview.added].sort());
    expect(Object.values(preview.addedPrices).some((prices) => typeof prices.input_cost_per_token === "number")).toBe(true);
    await admin.costMap.applyPreview({ previewId: preview.previewId });
    expect((await admin.costMap.overview()).versions[0]).toMatchObject({ versionId: preview.previewId, source: "upload: prices-feb.json" });
    expect((await failure(admin.costMap.preview({ content: copyText("feb17b"), fileName: "evil\u202e.json" }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.costMap.preview({ fileName: "alone.json" }))).code).toBe("BAD_REQUEST");
  });
});
