/**
 * Longer than any response or item id: what is pasted past this is taken for an `encrypted_content`
 * blob, a thinking signature or redacted data; the server tries the digest as both (`enc:`, `thk:`).
 */
const longestId = 256;

/** The server's `encryptedFingerprint`, with Web Crypto: `enc:` + the SHA-256 of the blob in hex. */
export async function fingerprintInBrowser(blob: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(blob));
  return `enc:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * What the lookup sends for what was pasted: an id as it is; a blob as its fingerprint, hashed
 * here, so a long and private blob never travels in a query string (and its logs).
 */
export async function refToSend(pasted: string): Promise<string> {
  const ref = pasted.trim();
  return ref.length > longestId && !ref.startsWith("enc:") && !ref.startsWith("thk:") ? fingerprintInBrowser(ref) : ref;
}
