import { createConnection, createServer, type Socket } from "node:net";

// A TCP relay on 127.0.0.1 that hands the server's bytes to the client `delayMs` late, in order:
// an instance whose link to Redis is slower than its peer's, as instances on other hosts or in
// other zones are. On one machine's loopback a notification always beats the next HTTP request;
// across a real network it often does not (issue #26).

export interface DelayedProxy {
  url: string;
  close(): Promise<void>;
}

export async function startDelayedProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayedProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream);
    // Timers of one delay fire in the order they were set: the stream's bytes stay in order.
    upstream.on("data", (chunk: Buffer) => setTimeout(() => client.destroyed || client.write(chunk), delayMs));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => setTimeout(() => client.destroy(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
