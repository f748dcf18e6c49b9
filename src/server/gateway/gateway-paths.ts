import { routes, type Route } from "./routes";

/**
 * Which paths are the gateway's, derived from the route table so that both doors (the Node
 * server and Next's proxy) send a new route to the gateway with no second list to update.
 * A path is the gateway's when the table has it exactly, or when it lies below the first segment
 * of some route (`/v1/...`, `/key/...`): unknown paths there get the gateway's JSON 404. The bare
 * segments stay the dashboard's (`/spend` and `/realtime` are pages; `/spend/logs` is an API).
 */
export function gatewayPathsOf(table: readonly Route[]): (path: string) => boolean {
  const exactPaths = new Set(table.flatMap((route) => (typeof route.path === "string" ? [route.path] : [])));
  const segments = new Set(table.map((route) => firstSegment(route.path)));
  return (path) => {
    if (exactPaths.has(path)) return true;
    const end = path.indexOf("/", 1);
    return end > 1 && segments.has(path.slice(1, end));
  };
}

/** `^\/v1\/responses\/([^/]+)$` -> `v1`. */
const literalFirstSegment = /^\^\\\/([A-Za-z0-9_-]+)(?:\\\/|\$)/;

function firstSegment(path: Route["path"]): string {
  const segment = typeof path === "string" ? /^\/([^/]+)/.exec(path)?.[1] : literalFirstSegment.exec(path.source)?.[1];
  // Checked when the module loads: a route the doors could not recognise fails at start, not in traffic.
  if (!segment) throw new Error(`Route path ${String(path)} must start with a literal segment (/name/... or ^\\/name\\/...), so the doors can tell its paths from the dashboard's`);
  return segment;
}

export const isGatewayPath = gatewayPathsOf(routes);
