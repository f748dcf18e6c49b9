// A stand-in for the dashboard's thread in tests: speaks the same messages as dashboard-worker.ts
// and answers on the socket it is given. /crash ends the thread; /flush asks the main thread to
// write its spend rows and answers once it has.
import { createServer } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

let nextFlush = 0;
const flushed = new Map();
parentPort.on("message", (message) => {
  if (message.kind === "spend-flushed") flushed.get(message.id)?.();
});

const server = createServer((request, response) => {
  if (request.url === "/crash") process.exit(3);
  if (request.url === "/flush") {
    const id = nextFlush++;
    flushed.set(id, () => response.end("flushed"));
    parentPort.postMessage({ kind: "flush-spend", id });
    return;
  }
  const parts = [];
  request.on("data", (part) => parts.push(part));
  request.on("end", () => {
    response.setHeader("set-cookie", ["first=1; Path=/", "second=2; Path=/"]);
    response.setHeader("x-frame-options", "SAMEORIGIN");
    response.writeHead(201, { "content-type": "application/json" });
    // Two writes, so the answer is chunked on both hops.
    response.write(
      JSON.stringify({
        method: request.method,
        url: request.url,
        keepAlive: request.headers["keep-alive"] ?? null,
        proxyConnection: request.headers["proxy-connection"] ?? null,
        cookie: request.headers.cookie ?? null,
      }).slice(0, -1),
    );
    response.end(`,"body":${JSON.stringify(Buffer.concat(parts).toString())}}`);
  });
});
server.listen(workerData.socketPath, () => parentPort.postMessage({ kind: "ready" }));
