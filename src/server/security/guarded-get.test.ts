import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardedGet, OutboundRefusedError } from "./guarded-get";
import { OutboundAllowList } from "./outbound-address";

const servers: ReturnType<typeof createServer>[] = [];
const paths: string[] = [];

/** A server on 127.0.0.1 that records the paths asked for. */
async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    answer(request, response);
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  paths.length = 0;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason as Error,
  );
  if (error instanceof OutboundRefusedError || (error as { cause?: unknown })?.cause instanceof OutboundRefusedError) return error!;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

const nothingAllowed = new OutboundAllowList();
const loopbackAllowed = new OutboundAllowList(["127.0.0.1"]);
const options = (policy: OutboundAllowList | "operator") => ({ policy, timeoutMs: 2_000 });

describe("guardedGet", () => {
  it("fetches from an allowed host and follows its redirects", async () => {
    const base = await serve((request, response) => {
      if (request.url === "/old") response.writeHead(302, { location: "/new" }).end();
      else response.writeHead(200).end("hello");
    });
    expect(await guardedGet(`${base}/old`, options(loopbackAllowed))).toEqual({ status: 200, text: "hello" });
    expect(paths).toEqual(["/old", "/new"]);
  });

  it.each([
    "http://127.0.0.1:9/x",
    "http://[::1]:9/x",
    "http://[::ffff:127.0.0.1]:9/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/x",
    "http://192.168.0.1/x",
    "http://[fd00::1]/x",
    "http://[fe80::1]/x",
    "http://0x7f.1:9/x",
  ])("refuses the internal address in %s before connecting", async (url) => {
    expect((await refusal(guardedGet(url, options(nothingAllowed)))).message).toMatch(/is an internal address$/);
  });

  it("refuses a name that resolves to an internal address (checked in the connection's own lookup)", async () => {
    const base = await serve((_request, response) => response.writeHead(200).end("secret"));
    const url = base.replace("127.0.0.1", "localhost");
    expect((await refusal(guardedGet(url, options(nothingAllowed)))).message).toMatch(/localhost resolves to an internal address/);
    expect(paths).toEqual([]);
  });

  it("checks every redirect: an allowed host cannot send it to loopback, a file or another scheme", async () => {
    const base = await serve((request, response) => {
      const target = { "/to-v6-loopback": "http://[::1]/metrics", "/to-file": "file:///etc/passwd", "/to-metadata": "http://169.254.169.254/" }[request.url ?? ""];
      response.writeHead(302, { location: target ?? "/" }).end();
    });
    // 127.0.0.1 is allowed, ::1 is not.
    expect((await refusal(guardedGet(`${base}/to-v6-loopback`, options(loopbackAllowed)))).message).toBe("::1 is an internal address");
    expect((await refusal(guardedGet(`${base}/to-file`, options(loopbackAllowed)))).message).toBe("file: URLs are not fetched");
    expect((await refusal(guardedGet(`${base}/to-metadata`, options(loopbackAllowed)))).message).toBe("169.254.169.254 is an internal address");
  });

  it("stops after five redirects", async () => {
    const base = await serve((_request, response) => response.writeHead(302, { location: "/again" }).end());
    await expect(guardedGet(`${base}/`, options(loopbackAllowed))).rejects.toThrow("too many redirects");
    expect(paths).toHaveLength(6);
  });

  it("stops reading an answer over the size limit", async () => {
    const base = await serve((_request, response) => response.writeHead(200).end("x".repeat(10_000)));
    await expect(guardedGet(`${base}/`, { ...options(loopbackAllowed), maxBytes: 1_000 })).rejects.toThrow("the answer is over 1000 bytes");
  });

  it("lets the operator's own source reach loopback, but still only over http(s)", async () => {
    const base = await serve((_request, response) => response.writeHead(200).end("ok"));
    expect((await guardedGet(`${base}/`, options("operator"))).text).toBe("ok");
    expect((await refusal(guardedGet("file:///etc/passwd", options("operator")))).message).toBe("file: URLs are not fetched");
  });
});
