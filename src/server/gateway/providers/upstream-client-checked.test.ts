import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundAllowList } from "../../security/outbound-address";
import type { UpstreamRequest } from "./types";
import { checkedUnreachableMessage, PooledUpstreamClient, type UpstreamCallOptions } from "./upstream-client";
import { UpstreamError } from "./upstream-error";

// Calls whose host an admin typed (a stored credential's api_base) connect only to allowed
// addresses, checked when each connection is made: `localhost` stands for a name that resolved
// to a public address when it was stored and resolves to 127.0.0.1 now (DNS rebinding).

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  server.on("connection", () => connections++);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

const post = (base: string): UpstreamRequest => ({ url: `${base}/v1/chat/completions`, method: "POST", headers: { authorization: "Bearer sk-stored-secret" }, body: "{}" });
const checked: UpstreamCallOptions = { timeoutMs: 5_000, checkAddresses: true };

async function failure(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof UpstreamError) return error;
  throw new Error(`expected an UpstreamError, got ${String(error)}`);
}

describe("PooledUpstreamClient with checkAddresses", () => {
  it.each(["127.0.0.1", "localhost"])("refuses to connect to %s, in one message without the address, through every door", async (host) => {
    const client = new PooledUpstreamClient(4);
    const before = connections;
    const base = `http://${host}:${port}`;
    // One door at a time: a call made before the previous one is awaited could reject with no
    // handler yet attached, which is an unhandled rejection however the test ends.
    const doors = [() => client.sendBuffered(post(base), checked), () => client.sendStreamed(post(base), checked), () => client.send(post(base), checked)];
    for (const door of doors) {
      const error = await failure(door());
      expect(error.status).toBe(502);
      expect(error.isRetryable).toBe(true);
      expect(error.body).toEqual({ error: { message: checkedUnreachableMessage, type: "server_error", param: null, code: "upstream_unreachable" } });
      expect(JSON.stringify(error.body)).not.toMatch(/127\.0\.0\.1|localhost|OUTBOUND|ECONN/);
    }
    expect(connections).toBe(before);
    // The operator's calls to the same origin keep their own, unchecked pool.
    expect((await client.sendBuffered(post(base), { timeoutMs: 5_000 })).status).toBe(200);
    await client.close();
  });

  it("gives a real connection failure the same message", async () => {
    const client = new PooledUpstreamClient(4, new OutboundAllowList(["127.0.0.1"]));
    const error = await failure(client.sendBuffered(post("http://127.0.0.1:9"), checked));
    expect(error.body.error.message).toBe(checkedUnreachableMessage);
    await client.close();
  });

  it("connects where SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows: by address, or by name", async () => {
    for (const entry of ["127.0.0.1", "localhost"]) {
      const client = new PooledUpstreamClient(4, new OutboundAllowList([entry]));
      const before = connections;
      expect((await client.sendBuffered(post(`http://localhost:${port}`), checked)).status).toBe(200);
      expect(connections).toBe(before + 1);
      await client.close();
    }
  });
});
