/**
 * A cost-map source as every signed-in user may see it: a URL loses its credentials and query
 * string, where a signed or tokened link keeps its secret.
 */
export function displaySource(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
  } catch {
    return "(an unreadable URL)";
  }
}
