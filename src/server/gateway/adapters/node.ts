import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import { RequestTiming } from "../timing";

/** Wraps a node:http request without copying headers or touching the body until asked. */
export function fromNodeRequest(incoming: IncomingMessage, outgoing: ServerResponse, timing = new RequestTiming()): GatewayRequest {
  const url = incoming.url ?? "/";
  const queryStart = url.indexOf("?");
  const signal = watchClient(incoming, outgoing);
  let query: URLSearchParams | undefined;
  return {
    method: incoming.method ?? "GET",
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    // Parsed only by the few routes that read it.
    get query() {
      return (query ??= new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1)));
    },
    header: (name) => {
      const value = incoming.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    readBody: (limit) => readNodeBody(incoming, limit),
    signal,
    timing,
  };
}

/** An abort signal as undici accepts it: an emitter of "abort", much cheaper to make and listen to than an AbortController's. */
class ClientGone extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit("abort");
  }
}

const current = Symbol("switchyard.currentRequest");
type WatchedSocket = Socket & { [current]?: { signal: ClientGone; outgoing: ServerResponse } };

/**
 * The client going away before we answered stops the upstream call too. One close listener per
 * connection, naming the request it is serving, rather than one per request on the response:
 * that listener alone cost about 8% of a proxied request over keep-alive connections.
 */
function watchClient(incoming: IncomingMessage, outgoing: ServerResponse): ClientGone {
  const signal = new ClientGone();
  const socket = incoming.socket as WatchedSocket;
  if (!(current in socket)) {
    socket.once("close", () => {
      const serving = socket[current];
      if (serving && !serving.outgoing.writableFinished) serving.signal.abort();
    });
  }
  socket[current] = { signal, outgoing };
  return signal;
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError("request_too_large", `The request body is larger than the limit of ${limit} bytes`);
}

/** Events rather than an async iterator: the iterator's machinery costs more than the body is long. */
function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(incoming.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.resume(); // drain, so the connection can answer and be reused
    return Promise.reject(tooLarge(limit));
  }
  if (incoming.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    // "aborted" (ECONNRESET): the client's doing, not a failing database or upstream, whose codes it shares.
    const onError = (error: Error) => {
      cleanup();
      reject(new GatewayError("client_closed", "The client closed the connection before the request body arrived", { cause: error }));
    };
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
  });
}

/** Writes a gateway response; streamed bodies go chunk by chunk, waiting on backpressure. */
export async function writeNodeResponse(response: GatewayResponse, outgoing: ServerResponse): Promise<void> {
  const { body } = response;
  if (body === null || typeof body === "string" || body instanceof Uint8Array) {
    // The headers are this response's own (every answer is built per request): no copy.
    response.headers["content-length"] = String(body === null ? 0 : Buffer.byteLength(body));
    outgoing.writeHead(response.status, response.headers);
    outgoing.end(body ?? undefined);
    return;
  }
  // The headers leave with the first chunk (one write, not two); a stream is only answered once
  // the upstream's own headers arrived, and its first chunk follows them.
  outgoing.writeHead(response.status, response.headers);
  const iterator = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (outgoing.destroyed) break;
      const { value, done } = await iterator.next();
      if (done) break;
      if (!outgoing.write(value)) await waitForDrain(outgoing);
    }
  } finally {
    // Runs the stream's own cleanup (spend row, lease) even when the client left early.
    await iterator.return?.(undefined);
    outgoing.end();
  }
}

/** Resolves on drain or close; at once when the socket is already gone (its close event is past). */
function waitForDrain(outgoing: ServerResponse): Promise<void> {
  if (outgoing.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
  });
}
