import { createHash } from "node:crypto";

/**
 * `thk:<sha256>` of a thinking block's `signature` or a redacted_thinking block's `data`. Only
 * the account (and provider) that issued either accepts it back, so the fingerprint is what a
 * follow-up is routed by; the signature itself is never stored.
 */
export function thinkingFingerprint(signatureOrData: string): string {
  return `thk:${createHash("sha256").update(signatureOrData).digest("hex")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The signed part of one content block: a thinking block's signature, a redacted_thinking block's data. */
function signedPartOf(block: unknown): string | undefined {
  if (!isRecord(block)) return undefined;
  const signed = block.type === "thinking" ? block.signature : block.type === "redacted_thinking" ? block.data : undefined;
  return typeof signed === "string" && signed !== "" ? signed : undefined;
}

/** Fingerprints of the signed blocks in a list of content blocks (a message's `content`); anything else is skipped. */
export function thinkingFingerprintsOfContent(content: unknown, into: string[] = []): string[] {
  if (!Array.isArray(content)) return into;
  for (const block of content) {
    const signed = signedPartOf(block);
    if (signed !== undefined) into.push(thinkingFingerprint(signed));
  }
  return into;
}

/**
 * What a `POST /v1/messages` body carries back that only its issuer can verify: the signed
 * thinking and redacted thinking in assistant turns. A user turn's blocks are not the model's
 * and are the upstream's to refuse.
 */
export function thinkingFingerprintsOfRequest(body: Record<string, unknown>): string[] {
  const fingerprints: string[] = [];
  if (!Array.isArray(body.messages)) return fingerprints;
  for (const message of body.messages) {
    if (isRecord(message) && message.role === "assistant") thinkingFingerprintsOfContent(message.content, fingerprints);
  }
  return [...new Set(fingerprints)];
}

/**
 * The signed part one streamed event brings, if any: a `signature_delta` (the signature arrives
 * whole, in one delta, after the thinking text), or a redacted_thinking block, whose data comes
 * whole in its `content_block_start`. A cheap text test first: most events are text deltas.
 */
export function thinkingFingerprintOfStreamEvent(data: string): string | undefined {
  if (!data.includes('"signature_delta"') && !data.includes('"redacted_thinking"') && !data.includes('"signature"')) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    return undefined; // not ours to judge: the payload still goes to the client as it came
  }
  if (!isRecord(event)) return undefined;
  if (event.type === "content_block_delta" && isRecord(event.delta) && event.delta.type === "signature_delta") {
    const { signature } = event.delta;
    return typeof signature === "string" && signature !== "" ? thinkingFingerprint(signature) : undefined;
  }
  if (event.type === "content_block_start") {
    const signed = signedPartOf(event.content_block);
    return signed === undefined ? undefined : thinkingFingerprint(signed);
  }
  return undefined;
}

/** Whether a request turns extended thinking on; without it, no answer carries signed blocks to record. */
export function asksForThinking(body: Record<string, unknown>): boolean {
  const { thinking } = body;
  return isRecord(thinking) && thinking.type !== "disabled";
}
