import { GatewayError } from "../gateway/errors";

/**
 * The door's one reading of a request target. The production server sends gateway paths to its
 * own gateway and everything else to Next.js, which resolves dot segments and percent-escapes
 * on its own: `/x/../v1/chat/completions` would reach Next's copy of the /v1 routes, with a
 * gateway (and rate limits) of its own. So the door refuses what the two could read differently
 * and classifies the rest as Next would see it.
 */
export type TargetVerdict = { ok: true; gateway: boolean } | { ok: false; error: GatewayError };

/** Anything that can make a path mean something other than its plain text: `.`, `%`, `\` or `//`. */
const needsCareful = /[.%\\]|\/\//;

/** Encoded twice or three times still spells a dot for a server that decodes once more. */
const maxDecodeRounds = 3;

/** `path` percent-decoded until it stops changing; a broken escape stops it where it is. */
function decodedFully(path: string): string {
  let current = path;
  for (let round = 0; round < maxDecodeRounds && current.includes("%"); round++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** `.` or `..` as a whole segment, with `\` as a separator too (WHATWG URLs treat it as one). */
function hasDotSegment(path: string): boolean {
  return path.split(/[\\/]/).some((segment) => segment === "." || segment === "..");
}

/**
 * `target` is the request line's target with its query; `isGatewayPath` the route table's test.
 * Cheap for ordinary paths: one regex test on a short string.
 */
export function checkRequestTarget(target: string, isGatewayPath: (path: string) => boolean): TargetVerdict {
  // Absolute-form (`GET http://other.host/`) is for proxies, which this is not; its host must not leak into redirects.
  if (target[0] !== "/") return { ok: false, error: new GatewayError("malformed_request", "The request target must be a path starting with '/'; this server is not a proxy") };
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  if (!needsCareful.test(path)) return { ok: true, gateway: isGatewayPath(path) };
  const decoded = decodedFully(path);
  // Browsers, curl and the SDKs resolve dot segments before sending: only a crafted request has them.
  if (hasDotSegment(path) || hasDotSegment(decoded)) {
    return { ok: false, error: new GatewayError("invalid_request", "The request path must not contain '.' or '..' segments (plain or percent-encoded)") };
  }
  // `/%761/chat/completions` or `//v1/...` is the gateway's to answer (a 404), never Next's copy of the route.
  return { ok: true, gateway: isGatewayPath(path) || isGatewayPath(decoded.replace(/[\\/]+/g, "/")) };
}
