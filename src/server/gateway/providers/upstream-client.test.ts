import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UpstreamRequest } from "./types";
import { UpstreamError } from "./upstream-error";
import { UpstreamBody } from "./upstream-body";
import { PooledUpstreamClient, readText, sendBuffered, type UpstreamClient } from "./upstream-client";

/** The Node door's abort signal: an emitter with `aborted`. */
class ClientGone extends EventEmitter {
  aborted = false;
  abort() {
    this.aborted = true;
    this.emit("abort");
  }
}

let server: Server;
let origin: string;
const seen: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }> = [];
const closedEarly: string[] = [];

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  "/v1/ok": (_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
    // Three writes, so the body arrives in more than one chunk.
    response.write('{"id":"chatcmpl-1",');
    setTimeout(() => {
      response.write('"text":"héllo",');
      response.end('"n":1}');
    }, 20);
  },
  "/v1/limited": (_request, response) => {
    response.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
    response.end('{"error":{"message":"slow down"}}');
  },
  "/v1/hang": (request, response) => {
    response.on("close", () => closedEarly.push(request.url ?? ""));
  },
  "/v1/drip": (request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: 1\n\n");
    const timer = setTimeout(() => response.end("data: 2\n\n"), 150);
    response.on("close", () => {
      clearTimeout(timer);
      if (!response.writableFinished) closedEarly.push(request.url ?? "");
    });
  },
  "/v1/cut": (request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    response.write('{"partial":');
    setTimeout(() => request.socket.destroy(), 20);
  },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(parts).toString() });
      const route = routes[request.url ?? ""];
      if (route) route(request, response);
      else response.writeHead(404).end();
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

const post = (path: string): UpstreamRequest => ({
  url: `${origin}${path}`,
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer sk-up" },
  body: '{"model":"m"}',
});

describe("PooledUpstreamClient.sendBuffered", () => {
  const client = new PooledUpstreamClient(4);
  afterAll(() => client.close());

  it("sends method, headers and body, and answers status, headers and the whole body from several chunks", async () => {
    const answer = await client.sendBuffered(post("/v1/ok"), { timeoutMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-upstream"]).toBe("yes");
    expect(JSON.parse(answer.text)).toEqual({ id: "chatcmpl-1", text: "héllo", n: 1 });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/v1/ok", body: '{"model":"m"}', headers: { authorization: "Bearer sk-up" } });
  });

  it("hands an error status back with its body and headers, for the caller to judge", async () => {
    const answer = await client.sendBuffered(post("/v1/limited"), { timeoutMs: 5_000 });
    expect(answer).toMatchObject({ status: 429, headers: { "retry-after": "7" }, text: '{"error":{"message":"slow down"}}' });
  });

  it("stops the upstream call when the client goes away (the Node door's signal)", async () => {
    const signal = new ClientGone();
    const pending = client.sendBuffered(post("/v1/hang"), { timeoutMs: 5_000, signal });
    setTimeout(() => signal.abort(), 50);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(499);
    await expect.poll(() => closedEarly.length).toBe(1);
    expect(signal.listenerCount("abort")).toBe(0);
  });

  it("stops at once for a signal that was aborted before the call (the Web door's AbortSignal)", async () => {
    const error = await client.sendBuffered(post("/v1/hang"), { timeoutMs: 5_000, signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect((error as UpstreamError).status).toBe(499);
  });

  it("answers LiteLLM's 408, naming the timeout, when the upstream does not answer in time", async () => {
    const error = await client.sendBuffered(post("/v1/hang"), { timeoutMs: 100, timeoutSetting: "stream_timeout" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    const timeout = error as UpstreamError;
    expect(timeout.status).toBe(408);
    expect(timeout.isRetryable).toBe(true);
    expect(timeout.isTimeout).toBe(true);
    expect(timeout.body.error).toMatchObject({ type: "timeout", code: "request_timeout" });
    expect(timeout.body.error.message).toMatch(/^Request timed out after 0\.1s \(stream_timeout\): 127\.0\.0\.1:\d+ did not answer in time$/);
  });

  it("answers 502 naming the host when the body breaks off or nobody listens", async () => {
    const cut = await client.sendBuffered(post("/v1/cut"), { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    expect((cut as UpstreamError).status).toBe(502);
    const refused = await client.sendBuffered({ ...post("/v1/ok"), url: "http://127.0.0.1:9/v1/ok" }, { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    expect((refused as UpstreamError).status).toBe(502);
    expect(JSON.stringify((refused as UpstreamError).body)).toContain("127.0.0.1:9");
  });
});

describe("sendBuffered over a client without its own buffered door", () => {
  it("reads the streamed answer to its end", async () => {
    const pooled = new PooledUpstreamClient(2);
    const streamOnly: UpstreamClient = { send: (request, options) => pooled.send(request, options), close: () => pooled.close() };
    const answer = await sendBuffered(streamOnly, post("/v1/ok"), { timeoutMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ text: "héllo" });
    await streamOnly.close();
  });
});

describe("PooledUpstreamClient.sendStreamed", () => {
  const client = new PooledUpstreamClient(4);
  afterAll(() => client.close());

  it("answers at the headers and hands each chunk on as it arrives, in order", async () => {
    const started = performance.now();
    const response = await client.sendStreamed(post("/v1/drip"), { timeoutMs: 5_000 });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream");
    const arrivals: Array<[string, number]> = [];
    for await (const chunk of response.body) arrivals.push([Buffer.from(chunk).toString(), performance.now() - started]);
    expect(arrivals.map(([text]) => text).join("")).toBe("data: 1\n\ndata: 2\n\n");
    // The first event was relayed long before the upstream finished.
    expect(arrivals[0][1]).toBeLessThan(arrivals.at(-1)![1] - 100);
  });

  it("reads an error answer whole", async () => {
    const response = await client.sendStreamed(post("/v1/limited"), { timeoutMs: 5_000 });
    expect(response.status).toBe(429);
    expect(await readText(response, "upstream.test")).toBe('{"error":{"message":"slow down"}}');
  });

  it("stops the upstream when the reader stops early, and when the client goes away", async () => {
    const before = closedEarly.length;
    const response = await client.sendStreamed(post("/v1/drip"), { timeoutMs: 5_000 });
    for await (const chunk of response.body) {
      expect(Buffer.from(chunk).toString()).toBe("data: 1\n\n");
      break; // the for-await calls return(), which destroys the body
    }
    await expect.poll(() => closedEarly.length).toBe(before + 1);

    const signal = new ClientGone();
    const second = await client.sendStreamed(post("/v1/drip"), { timeoutMs: 5_000, signal });
    const reading = (async () => {
      for await (const chunk of second.body) void chunk;
    })();
    signal.abort();
    await expect(reading).rejects.toThrow();
    await expect.poll(() => closedEarly.length).toBe(before + 2);
    expect(signal.listenerCount("abort")).toBe(0);
  });

  it("fails the read when the body breaks off", async () => {
    const response = await client.sendStreamed(post("/v1/cut"), { timeoutMs: 5_000 });
    const reading = (async () => {
      for await (const chunk of response.body) void chunk;
    })();
    await expect(reading).rejects.toThrow();
  });
});

describe("UpstreamBody backpressure", () => {
  it("pauses the upstream past the high-water mark and resumes once the reader has caught up", async () => {
    const calls: string[] = [];
    const controller = { pause: () => calls.push("pause"), resume: () => calls.push("resume"), abort: () => calls.push("abort") };
    const body = new UpstreamBody(controller as never, 10);
    body.push(Buffer.from("12345"));
    expect(calls).toEqual([]);
    body.push(Buffer.from("67890"));
    expect(calls).toEqual(["pause"]);
    expect(String((await body.next()).value)).toBe("12345");
    expect(String((await body.next()).value)).toBe("67890");
    expect(calls).toEqual(["pause", "resume"]);
    body.end();
    expect((await body.next()).done).toBe(true);
    body.destroy();
    expect(calls).not.toContain("abort"); // it had ended: nothing to stop
  });
});
