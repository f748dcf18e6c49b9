import type { GatewayContext } from "../../gateway/context";

// The cost-map domain reports refusals as GatewayError (a refused map is a 422); the dashboard's
// one error mapping (api/to-trpc-error.ts) names them for tRPC.

export interface CostMapServiceContext {
  gateway: GatewayContext;
  /** Who acts, for `createdBy` and the audit log. */
  actor: string;
}

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
