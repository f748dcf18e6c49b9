import { GatewayError } from "./errors";

/**
 * A percent-encoded path segment, decoded. A malformed escape (`%E0%A4%A`, `%ED%A0%80`, a bare
 * `%`) is the client's mistake: a 400 naming the parameter, not the URIError's 500.
 */
export function decodePathParam(segment: string, param: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError("invalid_request", `The ${param} in the path is not valid percent-encoding`, { param });
  }
}
