/**
 * CSRF defence for cookie-authenticated routes: a state-changing request must come from a page
 * of this site. Browsers send `Origin` on every POST (and `Sec-Fetch-Site`, `Referer` as
 * fall-backs), and a page cannot forge them; a request with none of the three is not from a
 * browser, so it carries no ambient cookie to abuse.
 */
export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Scheme, host and port, normalised (`HTTP://A.example:80` is `http://a.example`); undefined for no URL or an opaque one. */
function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The scheme this request came in on. The production server sets X-Forwarded-Proto to what it saw
 * (http) unless a trusted proxy sent it; a page cannot set the header on another site's request.
 */
function ownScheme(headers: Headers): "http" | "https" {
  return headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https" ? "https" : "http";
}

/**
 * `siteUrls`: the dashboard's public addresses (NEXTAUTH_URL), for a proxy that does not pass
 * the browser's Host on. The request's own origin (its scheme and Host) is the site too. Scheme,
 * host and port must all match: http://site is not https://site, nor is https://site:8443.
 */
export function checkSameOrigin(request: { method: string; headers: Headers }, siteUrls: readonly string[] = []): OriginVerdict {
  if (safeMethods.has(request.method.toUpperCase())) return { ok: true };
  const siteOrigins = new Set<string>();
  const host = request.headers.get("host");
  const own = host ? originOf(`${ownScheme(request.headers)}://${host}`) : undefined;
  if (own) siteOrigins.add(own);
  for (const url of siteUrls) {
    const origin = originOf(url);
    if (origin) siteOrigins.add(origin);
  }
  const isSite = (url: string) => {
    const candidate = originOf(url);
    return candidate !== undefined && siteOrigins.has(candidate);
  };

  // "null" (sandboxed frames, opaque redirects) is no site of ours.
  const origin = request.headers.get("origin");
  if (origin !== null) return isSite(origin) ? { ok: true } : { ok: false, reason: `origin ${origin} is not this site` };
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null) {
    // "none": the user's own action (address bar, bookmark), never another page's.
    return fetchSite === "same-origin" || fetchSite === "none" ? { ok: true } : { ok: false, reason: `sec-fetch-site is ${fetchSite}` };
  }
  const referer = request.headers.get("referer");
  if (referer !== null) return isSite(referer) ? { ok: true } : { ok: false, reason: "the referer is not this site" };
  return { ok: true };
}
