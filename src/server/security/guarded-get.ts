import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, request, type Dispatcher } from "undici";
import { mayConnect, refusesLiteral, type OutboundAllowList } from "./outbound-address";

/** A URL (or one it redirected to) that may not be fetched: not http(s), or an internal address. */
export class OutboundRefusedError extends Error {
  readonly code = "OUTBOUND_REFUSED";
  constructor(reason: string) {
    super(reason);
    this.name = "OutboundRefusedError";
  }
}

export interface GuardedGetOptions {
  /** "operator" for a URL the operator configured (trusted); otherwise only public addresses and these exceptions. */
  policy: "operator" | OutboundAllowList;
  timeoutMs: number;
  maxBytes?: number;
  maxRedirects?: number;
}

/**
 * Resolves as usual, then refuses the connection unless every address is allowed. The check sits
 * in the connection itself, so the address checked is the address connected to: a second lookup
 * that DNS rebinding could answer differently never happens. Any undici Pool or Agent can take it
 * as `connect.lookup` (with checkUrl for literal addresses, which skip the lookup).
 */
export function checkedLookup(allowList: OutboundAllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((candidate) => !mayConnect(allowList, hostname, candidate.address));
      if (refused || addresses.length === 0) return callback(new OutboundRefusedError(`${hostname} resolves to an internal address`), "", 0);
      if (options.all) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function parseUrl(url: string, base?: URL): URL {
  try {
    return new URL(url, base);
  } catch {
    throw new OutboundRefusedError("not a URL");
  }
}

export function checkUrl(url: URL, policy: GuardedGetOptions["policy"]): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefusedError(`${url.protocol} URLs are not fetched`);
  if (policy === "operator") return;
  // A literal address never goes through the lookup, so it is checked here.
  if (refusesLiteral(policy, url.hostname)) throw new OutboundRefusedError(`${url.hostname.replace(/^\[(.*)\]$/, "$1")} is an internal address`);
}

async function readCapped(body: Dispatcher.ResponseData["body"], maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`the answer is over ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * GETs a URL an admin typed (or the operator configured) and returns its status and text.
 * Redirects are followed here, a few at most, and every hop is checked like the first.
 */
export async function guardedGet(url: string, options: GuardedGetOptions): Promise<{ status: number; text: string }> {
  const dispatcher = options.policy === "operator" ? undefined : new Agent({ connect: { lookup: checkedLookup(options.policy) } });
  try {
    let current = parseUrl(url);
    for (let hop = 0; ; hop++) {
      checkUrl(current, options.policy);
      const response = await request(current, { method: "GET", dispatcher, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === "string") {
        await response.body.dump();
        if (hop >= (options.maxRedirects ?? 5)) throw new Error("too many redirects");
        current = parseUrl(location, current);
        continue;
      }
      return { status: response.statusCode, text: await readCapped(response.body, options.maxBytes ?? 50 * 1024 * 1024) };
    }
  } finally {
    await dispatcher?.close();
  }
}
