/**
 * CSRF defence for cookie-authenticated routes: a state-changing request must come from a page
 * of this site. Browsers send `Origin` on every POST (and `Sec-Fetch-Site`, `Referer` as
 * fall-backs), and a page cannot forge them; a request with none of the three is not from a
 * browser, so it carries no ambient cookie to abuse.
 */
export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * `siteUrls`: the dashboard's public addresses (NEXTAUTH_URL), for a proxy that does not pass
 * the browser's Host on. Without them the request's own Host is the site.
 */
export function checkSameOrigin(request: { method: string; headers: Headers }, siteUrls: readonly string[] = []): OriginVerdict {
  if (safeMethods.has(request.method.toUpperCase())) return { ok: true };
  const siteHosts = new Set<string>();
  const host = hostOf(`http://${request.headers.get("host") ?? ""}`);
  if (host) siteHosts.add(host);
  for (const url of siteUrls) {
    const siteHost = hostOf(url);
    if (siteHost) siteHosts.add(siteHost);
  }
  const isSite = (url: string) => {
    const candidate = hostOf(url);
    return candidate !== undefined && siteHosts.has(candidate);
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
