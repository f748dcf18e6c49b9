/**
 * Response headers for the dashboard and /api: one list, set by src/proxy.ts (with the
 * per-request CSP) and by the production server on everything it hands to Next.js. Not by
 * next.config.ts: at run time it cannot import TypeScript from src/.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // The realtime tester needs this origin's microphone; nothing needs the rest.
  "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
};

/**
 * Scripts run only with this request's nonce (Next.js puts it on its own inline and bundle
 * scripts when it finds it in the request's CSP) and what they load ('strict-dynamic'), so no
 * 'unsafe-inline' for scripts. Styles keep 'unsafe-inline': React and Recharts set style
 * attributes, which a nonce cannot cover, and injected CSS cannot run code.
 * connect-src 'self' covers the realtime tester's fetches to /v1/realtime (the WebRTC media itself is not fetched).
 * No upgrade-insecure-requests: self-hosted gateways are often reached over plain http.
 */
export function contentSecurityPolicy(options: { nonce: string; development?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable and unique per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
