// The reference: the leanest sensible Node proxy, node:http in front of an undici Pool, doing
// nothing but forwarding. Switchyard's throughput is reported as a ratio of this one's.
// Run: node bench/reference-proxy.mjs <upstream origin> [port]  (prints "listening on http://...").
import { createServer } from "node:http";
import { Pool } from "undici";

const [origin, port = "0"] = process.argv.slice(2);
const pool = new Pool(origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });

const server = createServer(async (request, response) => {
  try {
    const upstream = await pool.request({ path: request.url, method: request.method, headers: { "content-type": "application/json" }, body: request });
    const headers = { "content-type": upstream.headers["content-type"] };
    if (upstream.headers["content-length"]) headers["content-length"] = upstream.headers["content-length"];
    response.writeHead(upstream.statusCode, headers);
    for await (const part of upstream.body) if (!response.write(part)) await new Promise((done) => response.once("drain", done));
    response.end();
  } catch (error) {
    response.writeHead(502).end(String(error));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
