import type { Readable } from "node:stream";
import { Pool, errors as undiciErrors } from "undici";
import { errorBody } from "../errors";
import type { ClientSignal } from "../http";
import type { UpstreamRequest } from "./types";
import { UpstreamError } from "./upstream-error";

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

export interface UpstreamCallOptions {
  signal?: ClientSignal;
  timeoutMs: number;
}

const parsedUrls = new Map<string, { origin: string; path: string; host: string }>();

/**
 * Origin, path and host of an upstream URL. A deployment sends to the same few URLs over and
 * over, so each is parsed once (bounded: a flood of distinct URLs just starts the memo again).
 */
export function upstreamUrl(url: string): { origin: string; path: string; host: string } {
  let parsed = parsedUrls.get(url);
  if (!parsed) {
    const { origin, pathname, search, host } = new URL(url);
    parsed = { origin, path: pathname + search, host };
    if (parsedUrls.size >= 10_000) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

/** The gateway's only door to providers; tests may hand the gateway another implementation. */
export interface UpstreamClient {
  send(request: UpstreamRequest, options: UpstreamCallOptions): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/**
 * undici pools, one per upstream origin: keep-alive connections reused across requests, which is
 * several times cheaper per call than the global fetch. Connection failures become UpstreamErrors.
 */
export class PooledUpstreamClient implements UpstreamClient {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectionsPerOrigin = 128) {}

  async send(request: UpstreamRequest, options: UpstreamCallOptions): Promise<UpstreamResponse> {
    const url = upstreamUrl(request.url);
    try {
      const response = await this.pool(url.origin).request({
        path: url.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: options.signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toUpstreamError(error, url.host);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerOrigin, pipelining: 1, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** Errors raised while talking to the upstream; the message names the host, never a credential. */
export function toUpstreamError(error: unknown, host: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamError(504, errorBody(`Upstream ${host} timed out`, "timeout", "upstream_timeout"), { cause: error });
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new UpstreamError(499, errorBody("The client closed the request", "invalid_request_error", "client_closed"), {
      isRetryable: false,
      cause: error,
    });
  }
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? "connection error";
  return new UpstreamError(502, errorBody(`Upstream ${host} unreachable (${code})`, "server_error", "upstream_unreachable"), {
    cause: error,
  });
}
