/**
 * LiteLLM's documentation writes `master_key: sk-1234` throughout, and users copy it. Such a key
 * is fine on a laptop where only this machine can connect, and an open door anywhere else.
 */
export function masterKeyWeakness(key: string): string | undefined {
  if (/^(sk-)?1234/.test(key)) return "is a documentation example";
  if (/your|change.?me|example|placeholder/i.test(key)) return "is a placeholder";
  if (key.length < 16) return "is shorter than 16 characters";
  return undefined;
}

/** Whether a listen address is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
