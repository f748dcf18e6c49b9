import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";

// Small misbehaving OpenAI-style upstreams for fault tests, all on 127.0.0.1. The HTTP one picks
// its behaviour from the API key the deployment sends:
//   sk-ok              answers at once (stream or not)
//   sk-drip-<n>-<ms>   streams n chunks, one every <ms> ms, then [DONE] (not streamed: answers after n*ms)
//   sk-stall           streams one chunk, then sends nothing more and keeps the connection open
//   sk-bad-json        200 with a JSON content type and a body that is not JSON
// `garbage` is a TCP server that answers any request with bytes that are not HTTP at all.

export interface FaultUpstream {
  url: string;
  /** A TCP server that writes non-HTTP bytes and closes. */
  garbageUrl: string;
  /** A port nothing listens on (bound once, then closed). */
  refusedUrl: string;
  /** `closedEarly`: the gateway hung up before the answer was complete (set when that happens). */
  requests: Array<{ key: string; stream: boolean; closedEarly?: boolean }>;
  close(): Promise<void>;
}

const chunk = (model: string, content: string) =>
  `data: ${JSON.stringify({ id: "chatcmpl-fault", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

function completion(model: string, content: string) {
  return JSON.stringify({
    id: "chatcmpl-fault",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  });
}

async function readBody(request: IncomingMessage): Promise<any> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8") || "{}");
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function answer(request: IncomingMessage, response: ServerResponse, requests: FaultUpstream["requests"], open: Set<ServerResponse>) {
  const body = await readBody(request);
  const key = String(request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
  const stream = body.stream === true;
  const model = String(body.model ?? "gpt-4o");
  const record: FaultUpstream["requests"][number] = { key, stream };
  requests.push(record);
  response.once("close", () => {
    if (!response.writableFinished) record.closedEarly = true;
  });
  const drip = /^sk-drip-(\d+)-(\d+)$/.exec(key);

  if (key === "sk-bad-json") {
    response.writeHead(200, { "content-type": "application/json" });
    return response.end('{"id": "chatcmpl-broken", "choices": [');
  }
  if (!stream) {
    if (drip) await sleep(Number(drip[1]) * Number(drip[2]));
    if (key === "sk-stall") return open.add(response);
    response.writeHead(200, { "content-type": "application/json" });
    return response.end(completion(model, "fine"));
  }
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.write(chunk(model, "first"));
  if (key === "sk-stall") return open.add(response);
  const count = drip ? Number(drip[1]) : 1;
  for (let index = 1; index < count; index++) {
    await sleep(Number(drip![2]));
    if (response.destroyed) return;
    response.write(chunk(model, ` part ${index}`));
  }
  response.end("data: [DONE]\n\n");
}

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as { port: number }).port;
}

export async function startFaultUpstream(): Promise<FaultUpstream> {
  const requests: FaultUpstream["requests"] = [];
  const open = new Set<ServerResponse>();
  const http = createHttpServer((request, response) => void answer(request, response, requests, open).catch(() => response.destroy()));
  const sockets = new Set<Socket>();
  const garbage = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once("data", () => socket.end(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x47, 0x41, 0x52, 0x42, 0x41, 0x47, 0x45, 0x0d, 0x0a, 0x0d, 0x0a])));
    socket.on("close", () => sockets.delete(socket));
  });
  const refused = createTcpServer();
  const [httpPort, garbagePort, refusedPort] = [await listen(http), await listen(garbage), await listen(refused)];
  await new Promise((done) => refused.close(done));
  return {
    url: `http://127.0.0.1:${httpPort}`,
    garbageUrl: `http://127.0.0.1:${garbagePort}`,
    refusedUrl: `http://127.0.0.1:${refusedPort}`,
    requests,
    async close() {
      for (const response of open) response.destroy();
      for (const socket of sockets) socket.destroy();
      http.closeAllConnections();
      await Promise.all([new Promise((done) => http.close(done)), new Promise((done) => garbage.close(done))]);
    },
  };
}
