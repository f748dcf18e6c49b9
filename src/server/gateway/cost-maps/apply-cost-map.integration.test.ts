import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db";
import { silentLogger } from "../../log";
import { GatewayError } from "../errors";
import { buildModelCatalog } from "../model-catalog";
import { testDeployment } from "../testing/builders";
import { copyPath, copyText } from "../testing/cost-map-copies";
import { builtinFile } from "../testing/builtin-cost-map";
import { costMapDatabase, costMapDeps, testClock, type CostMapDatabase } from "../testing/cost-map-database";
import type { ActiveCostMap } from "./active-cost-map";
import { applyCostMap, discardCostMapPreview, rollbackCostMap } from "./apply-cost-map";
import type { CostMapDeps } from "./cost-map-deps";
import type { CostMapStore } from "./cost-map-store";
import { openCostMaps } from "./open-cost-maps";
import { previewCostMap } from "./preview-cost-map";

const dayMs = 86_400_000;
let database: CostMapDatabase;
let connection: Database;
let store: CostMapStore;
let active: ActiveCostMap;
let deps: CostMapDeps;
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
  database = costMapDatabase();
  ({ store, database: connection } = await database.connect());
  clock = testClock();
  active = await openCostMaps(store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17a"), now: clock.now, fetchOptions: { attempts: 1 } });
  deps = costMapDeps(store, active, { now: clock.now });
});
afterEach(() => database.close());

async function thrown(run: () => unknown): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

async function rejected(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof GatewayError) return error;
  throw new Error(`expected a GatewayError, got ${String(error)}`);
}

const versionCount = () => (connection.sqlite!.prepare("select count(*) as n from cost_map_versions").get() as { n: number }).n;
const preview17b = () => previewCostMap(deps, { content: copyText("feb17b"), actor: "admin" });

describe("previewCostMap then applyCostMap", () => {
  it("diffs against the active version and changes nothing until applied", async () => {
    const preview = await preview17b();
    expect(preview).toMatchObject({ preview_id: 2, source: "upload", model_count: 2_578, base_version_id: 1, summary: { added: 10, removed: 0, changed: 0 } });
    expect(preview.added).toContain("claude-sonnet-4-6");
    expect(active.current().versionId).toBe(1);
    expect((await store.state())!.activeVersionId).toBe(1);
    expect((await store.appliedVersions()).map((version) => version.versionId)).toEqual([1]);
    expect(await store.version(2)).toMatchObject({ status: "preview", createdBy: "admin", diff: expect.objectContaining({ summary: preview.summary }) });
  });

  it("switches the active map, the stored state and what the catalog sees", async () => {
    const catalog = buildModelCatalog([], active);
    expect(catalog.namesFor("claude-sonnet-4-6")).toEqual(["claude-sonnet-4-6"]);
    const preview = await preview17b();
    clock.advance(60_000);

    const applied = await applyCostMap(deps, preview.preview_id);
    expect(applied).toEqual({
      version_id: 2,
      model_count: 2_578,
      source: "upload",
      content_hash: preview.content_hash,
      applied_at: new Date(clock.now()).toISOString(),
      summary: { added: 10, removed: 0, changed: 0 },
    });
    expect(active.current()).toMatchObject({ versionId: 2, modelCount: 2_578 });
    expect(await store.state()).toMatchObject({ activeVersionId: 2, changedAt: new Date(clock.now()) });
    expect((await store.appliedVersions()).map((version) => version.versionId)).toEqual([2, 1]);
    expect(catalog.namesFor("claude-sonnet-4-6")).toContain("anthropic/claude-sonnet-4-6");
  });

  it("refuses to apply the same preview twice", async () => {
    const { preview_id } = await preview17b();
    await applyCostMap(deps, preview_id);
    expect(await thrown(() => applyCostMap(deps, preview_id))).toMatchObject({ status: 409, code: "conflict", param: "preview_id" });
    expect(active.current().versionId).toBe(2);
  });

  it("cannot apply a discarded preview, or one that never existed", async () => {
    const { preview_id } = await preview17b();
    await discardCostMapPreview(deps, preview_id);
    expect(await store.version(preview_id)).toMatchObject({ status: "discarded", content: "" });
    expect(await thrown(() => applyCostMap(deps, preview_id))).toMatchObject({ status: 404, code: "not_found" });
    expect(await thrown(() => discardCostMapPreview(deps, preview_id))).toMatchObject({ status: 404 });
    expect(await thrown(() => applyCostMap(deps, 99))).toMatchObject({ status: 404 });
    expect(active.current().versionId).toBe(1);
    expect((await store.state())!.activeVersionId).toBe(1);
  });

  it("cannot discard an applied version", async () => {
    expect(await thrown(() => discardCostMapPreview(deps, 1))).toMatchObject({ status: 404 });
    expect((await store.version(1))!.content).toBe(copyText("feb17a"));
  });
});

describe("rollbackCostMap", () => {
  it("returns to version 1, keeping when it was first applied", async () => {
    const firstAppliedAt = (await store.version(1))!.appliedAt;
    await applyCostMap(deps, (await preview17b()).preview_id);
    clock.advance(dayMs);

    const rolledBack = await rollbackCostMap(deps, 1);
    expect(rolledBack).toMatchObject({ version_id: 1, model_count: 2_568, source: copyPath("feb17a"), applied_at: firstAppliedAt!.toISOString() });
    expect(active.current()).toMatchObject({ versionId: 1, modelCount: 2_568 });
    expect(active.current().map.providersOf("claude-sonnet-4-6")).toBeUndefined();
    expect(await store.state()).toMatchObject({ activeVersionId: 1, changedAt: new Date(clock.now()) });
    expect(await rollbackCostMap(deps, 2)).toMatchObject({ version_id: 2 });
  });

  it("only goes to versions that were applied", async () => {
    const { preview_id } = await preview17b();
    expect(await thrown(() => rollbackCostMap(deps, preview_id))).toMatchObject({ status: 404, code: "not_found", param: "version_id" });
    expect(await thrown(() => rollbackCostMap(deps, 42))).toMatchObject({ status: 404 });
    expect(active.current().versionId).toBe(1);
  });
});

describe("previewCostMap refusals", () => {
  it.each([
    ["an array", "[]", /not a cost map/],
    ["negative prices", JSON.stringify({ "gpt-4o": { input_cost_per_token: -1 } }), /negative or invalid prices: gpt-4o\.input_cost_per_token = -1/],
    ["a suspicious shrink", JSON.stringify({ "gpt-4o": { input_cost_per_token: 1e-6 } }), /suspicious shrink: 1 models against 2568/],
    ["text that is not JSON", '{"gpt-4o": ', /not JSON/],
  ])("refuses %s with 422 and stores nothing", async (_name, content, reason) => {
    const versionsBefore = versionCount();
    const error = await rejected(previewCostMap(deps, { content, actor: "admin" }));
    expect(error).toMatchObject({ status: 422, code: "invalid_cost_map" });
    expect(error.message).toMatch(/^The cost map from upload was refused: /);
    expect(error.message).toMatch(reason);
    expect(versionCount()).toBe(versionsBefore);
    expect(active.current().versionId).toBe(1);
    expect((await store.state())!.activeVersionId).toBe(1);
    expect((await store.appliedVersions()).map((version) => version.versionId)).toEqual([1]);
  });

  it("answers 422 when the operator's source cannot be read, with the reason", async () => {
    const path = copyPath("feb17b").replace(".json", "-missing.json");
    const error = await rejected(previewCostMap({ ...deps, configuredSource: path }, { actor: "admin" }));
    expect(error).toMatchObject({ status: 422, code: "cost_map_source_unavailable", param: "url" });
    expect(error.message).toBe(`Could not load the cost map from ${path}: ENOENT: no such file (after 1 attempt). The active version 1 (2,568 models) stays.`);
    expect(versionCount()).toBe(1);
  });

  it("says the same of a reload URL nothing answers, as LiteLLM's published map is offline", async () => {
    const url = "http://127.0.0.1:9/model_prices_and_context_window.json";
    const error = await rejected(previewCostMap({ ...deps, configuredSource: url }, { actor: "admin" }));
    expect(error).toMatchObject({ status: 422, code: "cost_map_source_unavailable" });
    expect(error.message).toBe(`Could not load the cost map from ${url}: ECONNREFUSED: connection refused (after 1 attempt). The active version 1 (2,568 models) stays.`);
    expect(versionCount()).toBe(1);
    expect(active.current().versionId).toBe(1);
  });
});

describe("previewCostMap flags", () => {
  it("flags removed models the config prices with or that were requested in the last 30 days", async () => {
    await applyCostMap(deps, (await preview17b()).preview_id);
    const insertLog = (requestId: string, model: string, ageMs: number) =>
      connection.db
        .insert(connection.tables.spendLogs)
        .values({ requestId, callType: "chat", model, status: "success", startTime: new Date(clock.now() - ageMs), endTime: new Date(clock.now() - ageMs) });
    await insertLog("recent", "us.anthropic.claude-sonnet-4-6", dayMs);
    await insertLog("old", "eu.anthropic.claude-sonnet-4-6", 31 * dayMs);
    await insertLog("kept", "claude-sonnet-4-5", dayMs);
    const withDeployment = { ...deps, deployments: [testDeployment("1", { providerPrefix: "azure_ai", upstreamModel: "claude-sonnet-4-6" })] };

    const preview = await previewCostMap(withDeployment, { content: copyText("feb17a"), actor: "admin" });
    expect(preview.summary).toEqual({ added: 0, removed: 10, changed: 0 });
    expect(preview.flags).toEqual([
      { kind: "removed_in_use", model: "azure_ai/claude-sonnet-4-6" },
      { kind: "removed_in_use", model: "claude-sonnet-4-6" },
      { kind: "removed_in_use", model: "us.anthropic.claude-sonnet-4-6" },
    ]);
  });
});
