import { GatewayError } from "../errors";
import type { JsonObject } from "../providers/types";

const positive = (value: unknown): number | undefined => (typeof value === "number" && value > 0 ? value : undefined);

/**
 * The provider's ephemeral key and its expiry (Unix seconds) from a mint answer. The GA shape is
 * `{value, expires_at, session}`; the preview sessions shape (Azure's dated api-versions) is the
 * session object with `client_secret: {value, expires_at}` and may carry a top-level
 * `expires_at: 0`, which means "not set", not 1970. A secret that is already expired is refused:
 * a token made from it could only ever answer 401.
 */
export function ephemeralSecretOf(answer: JsonObject, nowMs: number): { ephemeralKey: string; expiresAt: number } {
  const secret = (typeof answer.client_secret === "object" && answer.client_secret !== null ? answer.client_secret : {}) as JsonObject;
  const ephemeralKey = answer.value ?? secret.value;
  const expiresAt = positive(secret.expires_at) ?? positive(answer.expires_at);
  if (typeof ephemeralKey !== "string" || expiresAt === undefined) {
    throw new GatewayError("upstream_unreachable", "The provider's client secret answer had no value or no expiry");
  }
  if (expiresAt * 1000 <= nowMs) {
    throw new GatewayError("upstream_unreachable", "The provider's client secret had already expired when it arrived; check the clocks of this server and the provider");
  }
  return { ephemeralKey, expiresAt };
}
