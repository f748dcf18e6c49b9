/**
 * The host of an api_base and nothing else: no scheme, path, query or user:password, which
 * some configs carry in the URL. Deliberately not `publicParams`: only fields chosen here leave.
 */
export function apiHostOf(apiBase: string): string | null {
  try {
    return new URL(apiBase).host;
  } catch {
    return null;
  }
}
