import { createHash } from "node:crypto";

/** What a request or response names that an affinity record can be kept under. */
export interface AffinityRefs {
  previousResponseId?: string;
  itemIds: string[];
  /** `enc:<sha256>` of each non-empty `encrypted_content`. */
  fingerprints: string[];
}

export function encryptedFingerprint(encryptedContent: string): string {
  return `enc:${createHash("sha256").update(encryptedContent).digest("hex")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Ids and encrypted blobs of a list of items; anything that is not an item is skipped. */
export function refsOfItems(items: unknown, into: AffinityRefs = { itemIds: [], fingerprints: [] }): AffinityRefs {
  if (!Array.isArray(items)) return into;
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (typeof item.id === "string" && item.id !== "") into.itemIds.push(item.id);
    if (typeof item.encrypted_content === "string" && item.encrypted_content !== "") {
      into.fingerprints.push(encryptedFingerprint(item.encrypted_content));
    }
  }
  return into;
}

/**
 * What a `POST /v1/responses` body points back to: `previous_response_id`, ids of input items,
 * and encrypted reasoning resent without ids (as Codex does). A string `input` points nowhere.
 */
export function refsOfRequest(body: Record<string, unknown>): AffinityRefs {
  const refs = refsOfItems(body.input);
  if (typeof body.previous_response_id === "string" && body.previous_response_id !== "") refs.previousResponseId = body.previous_response_id;
  return refs;
}

export function hasRefs(refs: AffinityRefs): boolean {
  return refs.previousResponseId !== undefined || refs.itemIds.length > 0 || refs.fingerprints.length > 0;
}
