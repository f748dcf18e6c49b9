import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { sharedDataFile } from "../../../e2e/fixtures/shared-data.cjs";

/** One of the dated real copies of LiteLLM's cost map in shared/data (never copied into the project). */
export function readCostMap(file: string): Record<string, any> {
  return JSON.parse(readFileSync(sharedDataFile(file), "utf8"));
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
