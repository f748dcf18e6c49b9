import type { GatewayContext } from "../../gateway/context";
import { GatewayError } from "../../gateway/errors";
import { ServiceError } from "../service-error";

export interface CostMapServiceContext {
  gateway: GatewayContext;
  /** Who acts, for `createdBy` and the audit log. */
  actor: string;
}

function serviceCodeOf(status: number): ServiceError["code"] {
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 403) return "forbidden";
  return "invalid";
}

/**
 * Runs a cost-map domain operation. The domain speaks GatewayError (a refused map is a 422); the
 * dashboard speaks ServiceError, so every 4xx becomes one here, with the domain's reason, and
 * anything else stays an unexpected error.
 */
export async function costMapOperation<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GatewayError && error.status >= 400 && error.status < 500) throw new ServiceError(serviceCodeOf(error.status), error.message);
    throw error;
  }
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
