import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sharedDataFile } from "../../../e2e/fixtures/shared-data.cjs";

/** One of the dated real copies of LiteLLM's cost map in shared/data (never copied into the project). */
export function readCostMap(file: string): Record<string, any> {
  return JSON.parse(readFileSync(sharedDataFile(file), "utf8"));
}

/** The models of the old 24-model built-in map: the ones tests and the fake providers use. */
const commonModels = [
  ...["gpt-4.1", "gpt-4o", "gpt-4o-mini", "text-embedding-3-small"].map((model) => `azure/${model}`),
  ...["claude-haiku-4-5", "claude-opus-4-6", "claude-sonnet-4-5", "claude-sonnet-4-6"],
  ...["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "gpt-4o-mini-transcribe", "gpt-4o-realtime-preview"],
  ...["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-realtime", "gpt-realtime-mini", "o3", "o4-mini", "text-embedding-3-large", "text-embedding-3-small"],
];

/**
 * Those 24 models of the built-in map, in a file of their own, for SWITCHYARD_COST_MAP_URL: a
 * first version and a reload source that need no network (the default reload source is LiteLLM's
 * published map) and store little per version, for tests that reload often, such as the fuzzers.
 */
export function commonModelsCostMapFile(): string {
  const builtin = JSON.parse(readFileSync(resolve(__dirname, "../../../builtin-cost-map/model_prices_and_context_window.json"), "utf8")) as Record<string, unknown>;
  const file = join(mkdtempSync(join(tmpdir(), "switchyard-cost-map-")), "common-models.json");
  writeFileSync(file, JSON.stringify(Object.fromEntries(commonModels.map((model) => [model, builtin[model]]))));
  return file;
}

export interface CostMapServer {
  url(name: string): string;
  /** Serve `body` (a map object, or raw text) at `/name`. */
  put(name: string, body: unknown, status?: number): void;
  /** Answer `/name` with a 302 to `location`. */
  redirect(name: string, location: string): void;
  hits(name: string): number;
  close(): Promise<void>;
}

/** A static file server on 127.0.0.1 standing in for the URL a cost map is published at. */
export async function startCostMapServer(): Promise<CostMapServer> {
  const files = new Map<string, { text: string; status: number; location?: string }>();
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const name = (request.url ?? "/").slice(1);
    hits.set(name, (hits.get(name) ?? 0) + 1);
    const file = files.get(name);
    response.writeHead(file?.status ?? 404, { "content-type": "application/json", ...(file?.location ? { location: file.location } : {}) });
    response.end(file?.text ?? "not found");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as { port: number }).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    put: (name, body, status = 200) => files.set(name, { text: typeof body === "string" ? body : JSON.stringify(body), status }),
    redirect: (name, location) => files.set(name, { text: "", status: 302, location }),
    hits: (name) => hits.get(name) ?? 0,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
