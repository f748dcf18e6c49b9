import type { VirtualKeyRow } from "../../db/schema";
import { GatewayError } from "../errors";
import { hashKey, looksLikeKeyHash } from "../keys/key-format";
import type { KeyStore } from "../keys/key-store";

/** LiteLLM lets callers name a key by its plain value or by its hash; both work here. */
export function tokenOf(reference: string): string {
  return looksLikeKeyHash(reference) ? reference : hashKey(reference);
}

export async function findKeyOrThrow(keys: KeyStore, reference: string): Promise<VirtualKeyRow> {
  const row = await keys.findKey(tokenOf(reference));
  if (!row) throw new GatewayError("not_found", "No such key", { param: "key" });
  return row;
}
