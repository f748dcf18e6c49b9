import { routes, type Route } from "../routes";

// For tests that walk the whole route table: a path a request can use for every route.

/** Concrete paths for the pattern routes, without `/v1` (their `/v1` twins get it added). */
const patternSamples = [
  "/responses/resp_sample",
  "/responses/resp_sample/cancel",
  "/responses/resp_sample/input_items",
  "/key/sk-sample/regenerate",
  "/credentials/by_name/sample-credential",
  "/credentials/sample-credential",
  "/model/sample-model-id/update",
];

export interface RouteSample {
  route: Route;
  path: string;
}

/** Each route with its own path, or a sample its pattern matches; a pattern route with no sample throws. */
export function routeSamples(table: readonly Route[] = routes): RouteSample[] {
  return table.map((route) => {
    if (typeof route.path === "string") return { route, path: route.path };
    const pattern = route.path;
    const path = patternSamples.flatMap((sample) => [sample, `/v1${sample}`]).find((candidate) => pattern.test(candidate));
    if (!path) throw new Error(`No sample path matches the route ${route.method} ${pattern.source}: add one to route-samples.ts`);
    return { route, path };
  });
}
