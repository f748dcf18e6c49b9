import { STATUS_CODES, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayError, errorResponse } from "../errors";
import type { GatewayResponse } from "../http";
import { anthropicErrorResponse } from "../messages/anthropic-errors";
import { errorsOf, matchRoute } from "../routes";
import { writeNodeResponse } from "./node";

/** What Node's HTTP parser said, as the gateway's error. */
function parserError(code: string | undefined): GatewayError {
  if (code === "HPE_HEADER_OVERFLOW") return new GatewayError("headers_too_large", "The request line and headers are larger than the server accepts");
  if (code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") return new GatewayError("request_too_large", "The request's chunk extensions are larger than the server accepts");
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return new GatewayError("request_timeout", "The request did not arrive in time");
  return new GatewayError("malformed_request", "The request is not valid HTTP/1.1: check the request line, the header syntax and the body's framing (Content-Length or chunked)");
}

/**
 * Whether the refused request was for the Messages API, whose clients read Anthropic's error shape:
 * from its request line, when the bytes Node had (`rawPacket`) show its path whole.
 */
function forMessagesApi(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): boolean {
  const requestLine = /^([A-Z]+) (\/[^ ?\r\n]*)[ ?]/.exec(error.rawPacket?.subarray(0, 4096).toString("latin1") ?? "");
  if (!requestLine) return false;
  const match = matchRoute(requestLine[1]!, requestLine[2]!);
  return match !== undefined && ("route" in match ? errorsOf(match.route) : match.errors) === "anthropic";
}

/** An error answer as raw bytes, for a socket with no HTTP response object; the connection closes after it. */
function rawAnswer(error: GatewayError, anthropic = false): string {
  const { status, headers, body } = (anthropic ? anthropicErrorResponse : errorResponse)(error, () => {});
  const text = typeof body === "string" ? body : "";
  const lines = Object.entries({ ...headers, "content-length": String(Buffer.byteLength(text)), connection: "close" }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join("\r\n")}\r\n\r\n${text}`;
}

/**
 * Requests Node refuses before any handler runs (broken framing, a bad Content-Length, headers
 * over the limit, CONNECT, an Expect other than 100-continue) get the gateway's error shape too,
 * where Node would send an empty 400 or close without a word.
 */
export function answerProtocolErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node reports the error again for every later chunk of a request it refused: answered once is enough.
    if (answered.has(socket)) return;
    // Node's own rule: never write into a response already under way on this connection.
    const underWay = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === "ECONNRESET" || !socket.writable || underWay) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    socket.end(rawAnswer(parserError(error.code), forMessagesApi(error)));
    // A lingering close: what the client is still sending is read and dropped, because closing on
    // unread data resets the connection and the client never sees the answer. A few seconds at most.
    const linger = setTimeout(() => socket.destroy(), 5_000);
    socket.once("close", () => clearTimeout(linger));
  });
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.end(rawAnswer(new GatewayError("method_not_allowed", "CONNECT is not supported: this server is not a proxy")));
  });
  server.on("checkExpectation", (_request, response) => {
    void writeNodeResponse(
      errorResponse(new GatewayError("expectation_failed", "Only 'Expect: 100-continue' is supported"), () => {}),
      response,
    );
  });
}

/** HTTP/1.1 requires a Host header (RFC 9112 §3.2); its absence is answered like any other malformed request. */
export function missingHost(incoming: IncomingMessage): GatewayResponse | undefined {
  if (incoming.httpVersion !== "1.1" || incoming.headers.host !== undefined) return undefined;
  return errorResponse(new GatewayError("malformed_request", "HTTP/1.1 requests need a Host header"), () => {});
}

/** A path with a broken percent-escape (`/api/trpc/x%`, `%E0%A4%A`), which Next.js route handlers answer with a bare 500. */
export function undecodablePath(path: string): GatewayResponse | undefined {
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return errorResponse(new GatewayError("malformed_request", "The request path is not valid percent-encoding"), () => {});
  }
}

/** A body declared larger than `limit`, refused before a byte of it is read or passed on. */
export function declaredBodyTooLarge(incoming: IncomingMessage, limit: number): GatewayResponse | undefined {
  const declared = Number(incoming.headers["content-length"]);
  if (!Number.isFinite(declared) || declared <= limit) return undefined;
  return errorResponse(new GatewayError("request_too_large", `The request body is larger than the limit of ${limit} bytes`), () => {});
}
