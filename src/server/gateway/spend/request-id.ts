import { randomFillSync } from "node:crypto";

// Random bytes are drawn in blocks: one syscall per 512 ids instead of one per id.
const pool = Buffer.alloc(16 * 512);
let offset = pool.length;

/**
 * A request id in UUID version 7 form (RFC 9562): 48 bits of milliseconds, then random bits.
 * Ids made later sort later, so spend rows append to the end of the primary-key index instead
 * of landing at random pages of it (a visible cost at thousands of rows a second).
 */
export function newRequestId(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
