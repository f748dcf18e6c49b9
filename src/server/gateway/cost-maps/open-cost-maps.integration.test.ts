import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { builtinFile, builtinText } from "../testing/builtin-cost-map";
import { costMapDatabase, testClock, type CostMapDatabase } from "../testing/cost-map-database";
import { copyPath, copyText } from "../testing/cost-map-copies";
import { openCostMaps } from "./open-cost-maps";

// LiteLLM's map of 2026-07-24, as builtin-cost-map/README.md says.
const builtinModels = 2_983;
const clock = testClock();
const fetchOptions = { attempts: 1, backoffMs: 1 };

let database: CostMapDatabase;
beforeEach(() => {
  database = costMapDatabase();
});
afterEach(() => database.close());

function capturingLogger() {
  const lines: string[] = [];
  return { log: pino({ level: "warn" }, { write: (line: string) => lines.push(line) }), lines };
}

describe("openCostMaps on an empty database", () => {
  it("makes the built-in map version 1 when no source is configured", async () => {
    const { store } = await database.connect();
    const active = await openCostMaps(store, silentLogger(), { builtinFile, now: clock.now });
    expect(active.current()).toMatchObject({ versionId: 1, modelCount: builtinModels, source: "builtin" });
    expect(active.current().map.price("claude-sonnet-4-6")).toBeDefined();
    // Stored as committed, byte for byte: the hash is the file's.
    expect((await store.version(1))!.contentHash).toBe(createHash("sha256").update(builtinText()).digest("hex"));
    expect(await store.state()).toMatchObject({ activeVersionId: 1, changedAt: new Date(clock.now()) });
    expect(await store.appliedVersions()).toEqual([
      expect.objectContaining({ versionId: 1, status: "applied", source: "builtin", createdBy: "startup", modelCount: builtinModels, appliedAt: new Date(clock.now()) }),
    ]);
  });

  it("makes the configured file version 1", async () => {
    const { store } = await database.connect();
    const active = await openCostMaps(store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17a"), now: clock.now, fetchOptions });
    expect(active.current()).toMatchObject({ versionId: 1, modelCount: 2_568, source: copyPath("feb17a") });
    expect(active.current().map.price("claude-sonnet-4-5")).toBeDefined();
    expect(active.current().map.providersOf("claude-sonnet-4-6")).toBeUndefined();
    expect((await store.version(1))!.contentHash).toBe(createHash("sha256").update(copyText("feb17a")).digest("hex"));
  });

  it("reads a file: URL too", async () => {
    const { store } = await database.connect();
    const source = pathToFileURL(copyPath("feb17b")).href;
    const active = await openCostMaps(store, silentLogger(), { builtinFile, configuredSource: source, now: clock.now, fetchOptions });
    expect(active.current()).toMatchObject({ modelCount: 2_578, source });
  });

  it("falls back to the built-in map, and says why, when the source is missing", async () => {
    const { store } = await database.connect();
    const { log, lines } = capturingLogger();
    const active = await openCostMaps(store, log, { builtinFile, configuredSource: join(database.path, "..", "missing.json"), now: clock.now, fetchOptions });
    expect(active.current()).toMatchObject({ versionId: 1, source: "builtin", modelCount: builtinModels });
    expect(lines.join("")).toMatch(/missing\.json: ENOENT.*starting with the built-in map/);
  });

  it("falls back to the built-in map when the source is not a cost map", async () => {
    const { store } = await database.connect();
    const source = join(database.path, "..", "list.json");
    writeFileSync(source, "[1, 2, 3]");
    const { log, lines } = capturingLogger();
    const active = await openCostMaps(store, log, { builtinFile, configuredSource: source, now: clock.now, fetchOptions });
    expect(active.current().source).toBe("builtin");
    expect(lines.join("")).toContain("refused (not a cost map");
  });
});

describe("openCostMaps on restart", () => {
  it("keeps the active version, whatever is configured now", async () => {
    const first = await database.connect();
    await openCostMaps(first.store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17a"), now: clock.now, fetchOptions });
    await first.database.close();

    const { store } = await database.connect();
    const active = await openCostMaps(store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17b"), now: clock.now, fetchOptions });
    expect(active.current()).toMatchObject({ versionId: 1, modelCount: 2_568, source: copyPath("feb17a") });
    expect(await store.version(2)).toBeUndefined();
    expect(await store.appliedVersions()).toHaveLength(1);
  });

  it("keeps a version an admin activated later", async () => {
    const { store } = await database.connect();
    await openCostMaps(store, silentLogger(), { builtinFile, now: clock.now });
    const versionId = await store.insert({
      status: "preview",
      source: "upload",
      contentHash: "hash",
      modelCount: 2_578,
      content: copyText("feb17b"),
      diff: null,
      createdBy: "admin",
      createdAt: new Date(clock.now()),
    });
    await store.activate(versionId, new Date(clock.now()));

    const active = await openCostMaps((await database.connect()).store, silentLogger(), { builtinFile, now: clock.now });
    expect(active.current()).toMatchObject({ versionId: 2, modelCount: 2_578, source: "upload" });
    expect(active.current().map.providersOf("claude-sonnet-4-6")).toContain("anthropic");
  });
});

describe("openCostMaps without the built-in file", () => {
  it("refuses to start a fresh database, naming the file", async () => {
    const { store } = await database.connect();
    const missing = join(database.path, "..", "builtin-cost-map", "model_prices_and_context_window.json");
    await expect(openCostMaps(store, silentLogger(), { builtinFile: missing, now: clock.now })).rejects.toThrow(`the built-in cost map could not be read at ${missing} (ENOENT)`);
    expect(await store.state()).toBeUndefined();
  });
});
