import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { OutboundAllowList } from "../../security/outbound-address";
import { GatewayError } from "../errors";
import { copyPath, copyText } from "../testing/cost-map-copies";
import { builtinFile } from "../testing/builtin-cost-map";
import { costMapDatabase, costMapDeps, testClock, type CostMapDatabase } from "../testing/cost-map-database";
import { applyCostMap } from "./apply-cost-map";
import type { CostMapDeps } from "./cost-map-deps";
import { openCostMaps } from "./open-cost-maps";
import { invalidSourceMessage, previewCostMap, sourceUnavailableMessage } from "./preview-cost-map";

// What an admin types is untrusted: a path, a file:// URL or an internal address must not be read,
// and whatever the source answered must not come back in the error.
let database: CostMapDatabase;
let deps: CostMapDeps;
let files: Map<string, string>;
let hits: string[];
let server: ReturnType<typeof createServer>;
let base: string;

beforeEach(async () => {
  database = costMapDatabase();
  const { store } = await database.connect();
  const clock = testClock();
  const active = await openCostMaps(store, silentLogger(), { builtinFile, configuredSource: copyPath("feb17a"), now: clock.now, fetchOptions: { attempts: 1 } });
  deps = costMapDeps(store, active, { now: clock.now });
  files = new Map();
  hits = [];
  server = createServer((request, response) => {
    hits.push(request.url ?? "");
    const text = files.get(request.url ?? "");
    response.writeHead(text === undefined ? 404 : 200).end(text ?? "not found");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  database.close();
});

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof GatewayError) return error;
  throw new Error(`expected a GatewayError, got ${String(error)}`);
}

const loopbackAllowed = () => ({ ...deps, allowedHosts: new OutboundAllowList(["127.0.0.1"]) });
const unavailable = { status: 422, code: "cost_map_source_unavailable", message: sourceUnavailableMessage, param: "url" };
const invalid = { status: 422, code: "invalid_cost_map", message: invalidSourceMessage, param: "url" };

describe("previewCostMap from a URL an admin typed", () => {
  it("reads no file: a path, a file:// URL, a directory and a missing file all get the same message", async () => {
    for (const source of [copyPath("feb17b"), `file://${copyPath("feb17b")}`, "/", "/etc/passwd", "/nonexistent.json", "builtin"]) {
      expect(await refusal(previewCostMap(deps, { source, actor: "admin" }))).toMatchObject(unavailable);
    }
  });

  it("refuses loopback without SWITCHYARD_COST_MAP_ALLOWED_HOSTS, sending no request, as it answers a closed port", async () => {
    files.set("/map.json", copyText("feb17b"));
    expect(await refusal(previewCostMap(deps, { source: `${base}/map.json`, actor: "admin" }))).toMatchObject(unavailable);
    expect(hits).toEqual([]);
    expect(await refusal(previewCostMap(loopbackAllowed(), { source: "http://127.0.0.1:9/map.json", actor: "admin" }))).toMatchObject(unavailable);
    expect(await refusal(previewCostMap(loopbackAllowed(), { source: `${base}/missing.json`, actor: "admin" }))).toMatchObject(unavailable);
  });

  it("fetches from an allowed host", async () => {
    files.set("/map.json", copyText("feb17b"));
    const preview = await previewCostMap(loopbackAllowed(), { source: `${base}/map.json`, actor: "admin" });
    expect(preview).toMatchObject({ source: `${base}/map.json`, model_count: 2_578, summary: { added: 10 } });
  });

  it("echoes nothing of JSON that is not a cost map, even once the active map is tiny", async () => {
    files.set("/secret.json", JSON.stringify({ secret: { x: 1 } }));
    files.set("/nested.json", JSON.stringify({ db_password: { value: "hunter2" }, api: { token: "tok-123" } }));
    files.set("/text", "password=hunter2");
    // The attack the issue describes: shrink the active map (half at a time, as validation allows),
    // so that any JSON of objects would pass the shrink check and show up in the diff.
    const entries = Object.entries(JSON.parse(copyText("feb17a")) as Record<string, unknown>).filter(([name]) => name !== "sample_spec");
    for (let size = Math.ceil(entries.length / 2); deps.active.current().modelCount > 1; size = Math.ceil(size / 2)) {
      const smaller = JSON.stringify(Object.fromEntries(entries.slice(0, size)));
      await applyCostMap(deps, (await previewCostMap(deps, { content: smaller, actor: "admin" })).preview_id);
    }
    expect(deps.active.current().modelCount).toBe(1);
    for (const path of ["/secret.json", "/nested.json", "/text"]) {
      const error = await refusal(previewCostMap(loopbackAllowed(), { source: `${base}${path}`, actor: "admin" }));
      expect(error).toMatchObject(invalid);
      expect(`${error.message} ${error.param}`).not.toMatch(/secret|hunter2|tok-123|db_password|password/);
    }
  });
});
