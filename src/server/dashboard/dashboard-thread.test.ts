import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { startDashboardThread, type DashboardThread } from "./dashboard-thread";

// The main thread's side, against a stand-in worker that answers on the same kind of socket.
const workerFile = new URL("./testing/echo-dashboard-worker.mjs", import.meta.url);
let thread: DashboardThread | undefined;
let server: Server | undefined;
let flushes = 0;
const maxBodyBytes = 64 * 1024;

async function serve(): Promise<string> {
  thread = await startDashboardThread({
    root: "/nowhere",
    changeChannel: `test-${Math.random()}`,
    workerFile,
    flushSpend: async () => void flushes++,
    deploymentStatus: () => ({}),
    log: silentLogger(),
  });
  const dashboard = thread;
  server = createServer((incoming, outgoing) => {
    outgoing.setHeader("x-frame-options", "DENY");
    outgoing.setHeader("x-content-type-options", "nosniff");
    void dashboard.handle(incoming, outgoing, maxBodyBytes);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await thread?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  thread = undefined;
  server = undefined;
});

describe("startDashboardThread", () => {
  it("passes a request and its body through, and the answer back with its own headers", async () => {
    const url = await serve();
    const response = await fetch(`${url}/api/trpc/keys.create?batch=1`, { method: "POST", headers: { cookie: "session=abc" }, body: '{"alias":"k"}' });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["first=1; Path=/", "second=2; Path=/"]);
    // The page's own header wins over the default set before; the others stay.
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const echoed = await response.json();
    expect(echoed).toEqual({ method: "POST", url: "/api/trpc/keys.create?batch=1", keepAlive: null, proxyConnection: null, cookie: "session=abc", body: '{"alias":"k"}' });
  });

  it("does not pass on the client's hop-by-hop headers", async () => {
    const url = new URL(await serve());
    const echoed = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const headers = { "keep-alive": "timeout=1", "proxy-connection": "keep-alive", cookie: "session=xyz" };
      get({ host: url.hostname, port: url.port, path: "/page", headers }, (response) => {
        let text = "";
        response.on("data", (part) => (text += part));
        response.on("end", () => resolve(JSON.parse(text)));
      }).on("error", reject);
    });
    expect(echoed).toMatchObject({ keepAlive: null, proxyConnection: null, cookie: "session=xyz" });
  });

  it("answers 413 in the gateway's error shape for a chunked body over the limit, and passes one at the limit", async () => {
    const url = await serve();
    // A stream has no Content-Length: the limit is counted as the body goes by.
    const chunked = (size: number) =>
      fetch(`${url}/api/trpc/costMap.preview`, {
        method: "POST",
        body: new ReadableStream({
          start(controller) {
            for (let sent = 0; sent < size; sent += 16 * 1024) controller.enqueue(new Uint8Array(Math.min(16 * 1024, size - sent)).fill(97));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
    const over = await chunked(maxBodyBytes + 1);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: { code: "request_too_large", type: "invalid_request_error" } });
    const atLimit = await chunked(maxBodyBytes);
    expect(atLimit.status).toBe(201);
    expect(((await atLimit.json()) as { body: string }).body).toHaveLength(maxBodyBytes);
  });

  it("writes the main thread's spend when the dashboard asks", async () => {
    const url = await serve();
    expect(await (await fetch(`${url}/flush`)).text()).toBe("flushed");
    expect(flushes).toBe(1);
  });

  it("answers 503 while the thread is down and serves again once it has started again", async () => {
    const url = await serve();
    await fetch(`${url}/crash`).catch(() => undefined);
    const down = await fetch(`${url}/anything`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/not available/);
    let status = 0;
    for (let attempt = 0; attempt < 60 && status !== 201; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(`${url}/anything`)).status;
    }
    expect(status).toBe(201);
  });
});
