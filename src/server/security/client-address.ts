/**
 * The client's address for sign-in throttling. X-Forwarded-For is a list each proxy appends to,
 * so only its last `trustedHops + 1` entries were written by machines we trust; anything to their
 * left is whatever the client sent. The production server appends the socket's peer first
 * (`withPeerAddress`), so with no trusted proxy the answer is the peer itself.
 */
export function clientAddress(forwardedFor: string | undefined, trustedHops: number): string | undefined {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return hops[hops.length - 1 - trustedHops];
}

/** X-Forwarded-For with the peer appended, as a proxy hop would, so a client cannot pose as another address. */
export function withPeerAddress(forwardedFor: string | string[] | undefined, peer: string | undefined): string | undefined {
  const previous = Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor;
  if (!peer) return previous;
  return previous ? `${previous}, ${peer}` : peer;
}

/**
 * X-Forwarded-Host and -Proto as this server saw the request (its Host, plain http), whatever the
 * client claimed: next-auth builds the dashboard's redirects from them when NEXTAUTH_URL is unset.
 */
export function withOwnOrigin(headers: Record<string, string | string[] | undefined>): void {
  if (headers.host === undefined) delete headers["x-forwarded-host"];
  else headers["x-forwarded-host"] = headers.host;
  headers["x-forwarded-proto"] = "http";
}
