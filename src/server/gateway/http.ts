import type { EventEmitter } from "node:events";
import type { RequestTiming } from "./timing";

/**
 * Says "abort" when the client goes away. The Web door hands over its Request's AbortSignal; the
 * Node door a plain EventEmitter, because an AbortSignal's EventTarget listeners cost about 8% of
 * a proxied request there. undici takes either.
 */
export type ClientSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

/**
 * The gateway's own request/response: thinner than Web Request/Response so that the Node door
 * pays for nothing it does not use, and plain enough that the Web door is a few lines.
 */
export interface GatewayRequest {
  method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header name -> value. */
  header(name: string): string | undefined;
  /** The raw body, read at most once; rejects with a GatewayError past `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** Aborted when the client goes away. */
  signal: ClientSignal;
  /** Started when the request arrived; upstream waits are added to it. */
  timing: RequestTiming;
}

export type ResponseBody = string | Uint8Array | AsyncIterable<Uint8Array | string> | null;

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: ResponseBody;
}

const jsonHeaders = { "content-type": "application/json" };

export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): GatewayResponse {
  return { status, headers: headers ? { ...jsonHeaders, ...headers } : { ...jsonHeaders }, body: JSON.stringify(value) };
}
