import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { copyPath, copyText } from "../testing/cost-map-copies";
import { OutboundAllowList } from "../../security/outbound-address";
import { CostMapSourceError, describeFailure, fetchCostMapSource } from "./fetch-cost-map-source";

// The fake servers listen on 127.0.0.1, which an admin's URL reaches only when the operator allows it.
const loopbackAllowed = new OutboundAllowList(["127.0.0.1"]);

type Answer = (request: IncomingMessage, response: ServerResponse, count: number) => void;
const servers: ReturnType<typeof createServer>[] = [];

/** A cost-map server on 127.0.0.1 that answers the nth request with `answer`. */
async function serve(answer: Answer): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server = createServer((request, response) => answer(request, response, ++count));
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/model_prices.json`, requests: () => count };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

async function failure(promise: Promise<unknown>): Promise<CostMapSourceError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof CostMapSourceError) return error;
  throw new Error(`expected a CostMapSourceError, got ${String(error)}`);
}

const map = copyText("feb17b");

describe("fetchCostMapSource over HTTP", () => {
  it("retries server errors and returns the map once it is served", async () => {
    const server = await serve((_request, response, count) => {
      if (count <= 2) response.writeHead(500).end("upstream down");
      else response.writeHead(200, { "content-type": "application/json" }).end(map);
    });
    expect(await fetchCostMapSource(server.url, loopbackAllowed, { attempts: 3, backoffMs: 5 })).toBe(map);
    expect(server.requests()).toBe(3);
  });

  it("gives up on truncated JSON after the configured attempts, without quoting it", async () => {
    const server = await serve((_request, response) => response.writeHead(200).end(map.slice(0, 50_000)));
    const error = await failure(fetchCostMapSource(server.url, loopbackAllowed, { attempts: 4, backoffMs: 1 }));
    expect(server.requests()).toBe(4);
    expect(error.source).toBe(server.url);
    expect(error.message).toMatch(new RegExp(`^could not load the cost map from ${server.url.replace(/[.]/g, "\\.")}: not JSON \\(.*\\) \\(after 4 attempts\\)$`));
    expect(error.message).not.toContain(map.slice(0, 20));
  });

  it("reports the last HTTP status when every attempt fails", async () => {
    const server = await serve((_request, response) => response.writeHead(503).end("{}"));
    const error = await failure(fetchCostMapSource(server.url, loopbackAllowed, { attempts: 2, backoffMs: 1 }));
    expect(error.message).toMatch(/: HTTP 503 \(after 2 attempts\)$/);
    expect(server.requests()).toBe(2);
  });

  it("waits longer before each retry", async () => {
    const server = await serve((_request, response) => response.writeHead(500).end());
    const started = performance.now();
    await failure(fetchCostMapSource(server.url, loopbackAllowed, { attempts: 3, backoffMs: 40 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(40 + 80 - 5);
    expect(server.requests()).toBe(3);
  });

  it("times out a server that never answers", async () => {
    const server = await serve(() => {});
    const error = await failure(fetchCostMapSource(server.url, loopbackAllowed, { attempts: 2, backoffMs: 1, timeoutMs: 100 }));
    expect(error.message).toMatch(/HEADERS_TIMEOUT: no answer in time \(after 2 attempts\)$/);
    expect(server.requests()).toBe(2);
  });
});

describe("fetchCostMapSource from files (the operator's source only)", () => {
  it("reads a path as it is", async () => {
    expect(await fetchCostMapSource(copyPath("feb17b"), "operator", { attempts: 1 })).toBe(map);
  });

  it("reports a missing file by its error code", async () => {
    const error = await failure(fetchCostMapSource("/nonexistent/cost-map.json", "operator", { attempts: 2, backoffMs: 1 }));
    expect(error.message).toBe("could not load the cost map from /nonexistent/cost-map.json: ENOENT: no such file (after 2 attempts)");
  });

  it("never reads a path or file:// URL an admin typed, and says nothing of it", async () => {
    for (const source of [copyPath("feb17b"), `file://${copyPath("feb17b")}`, "/etc/passwd", "/nonexistent/cost-map.json"]) {
      const error = await failure(fetchCostMapSource(source, new OutboundAllowList(), { attempts: 2, backoffMs: 1 }));
      expect(error.kind).toBe("unreachable");
      expect(error.detail).toMatch(/^refused: /);
      expect(error.detail).not.toMatch(/ENOENT|EISDIR/);
    }
  });
});

describe("fetchCostMapSource from URLs an admin typed", () => {
  it("refuses loopback without the operator's allow list, at once and without a request", async () => {
    const server = await serve((_request, response) => response.writeHead(200).end(map));
    const error = await failure(fetchCostMapSource(server.url, new OutboundAllowList(), { attempts: 3, backoffMs: 1_000 }));
    expect(error).toMatchObject({ kind: "unreachable", detail: expect.stringMatching(/^refused: 127\.0\.0\.1 is an internal address$/) });
    expect(server.requests()).toBe(0);
  });

  it("tells a refused address, a closed port and an HTTP error apart only in the detail", async () => {
    const refused = await failure(fetchCostMapSource("http://10.0.0.1/map.json", new OutboundAllowList(), { attempts: 1 }));
    const closed = await failure(fetchCostMapSource("http://127.0.0.1:9/map.json", loopbackAllowed, { attempts: 1 }));
    expect([refused.kind, closed.kind]).toEqual(["unreachable", "unreachable"]);
    expect(closed.detail).toBe("ECONNREFUSED: connection refused (after 1 attempt)");
  });
});

describe("describeFailure", () => {
  // Offline, a reload of LiteLLM's published map ends in a failed name lookup; no test resolves an
  // outside name, so the lookup's error is built here as Node reports it.
  it("puts words beside the code a lookup, a connection or a read failed with", () => {
    const lookup = Object.assign(new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com"), { code: "ENOTFOUND" });
    expect(describeFailure(lookup)).toBe("ENOTFOUND: the host name did not resolve; is there a network and DNS here?");
    expect(describeFailure(Object.assign(new Error("x"), { code: "EAI_AGAIN" }))).toMatch(/^EAI_AGAIN: no name server answered/);
    expect(describeFailure(Object.assign(new Error("x"), { code: "ESOMETHINGNEW" }))).toBe("ESOMETHINGNEW");
    expect(describeFailure(new Error("too many redirects"))).toBe("too many redirects");
  });
});
