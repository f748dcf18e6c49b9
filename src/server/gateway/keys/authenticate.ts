import { GatewayError } from "../errors";
import type { GatewayRequest } from "../http";
import { hashKey, isMasterToken, looksLikeVirtualKey } from "./key-format";
import type { KeyStore } from "./key-store";
import type { Principal } from "./principal";

/** The key a client sent: `Authorization: Bearer`, Azure's `api-key`, or Anthropic's `x-api-key`. */
export function presentedKey(request: GatewayRequest): string | undefined {
  const authorization = request.header("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match ? match[1].trim() : authorization.trim();
  }
  return request.header("api-key")?.trim() || request.header("x-api-key")?.trim() || undefined;
}

export async function authenticate(request: GatewayRequest, keys: KeyStore, masterKey: string | undefined, now: number): Promise<Principal> {
  const presented = presentedKey(request);
  if (!presented) {
    throw new GatewayError("missing_api_key", "Missing API key: send it as 'Authorization: Bearer sk-...' (or 'x-api-key: sk-...')");
  }
  const token = hashKey(presented);
  if (masterKey && isMasterToken(token, masterKey)) return { kind: "master" };
  if (!looksLikeVirtualKey(presented)) throw new GatewayError("invalid_api_key", "Invalid API key");

  const key = await keys.findKey(token);
  if (!key) throw new GatewayError("invalid_api_key", "Invalid API key");
  if (key.blocked) throw new GatewayError("key_blocked", "This API key is blocked");
  if (key.expires && key.expires.getTime() <= now) {
    throw new GatewayError("key_expired", `This API key expired at ${key.expires.toISOString()}`);
  }
  const team = key.teamId ? await keys.findTeam(key.teamId) : undefined;
  if (team?.blocked) throw new GatewayError("key_blocked", "This API key's team is blocked");
  return { kind: "key", key, team };
}
