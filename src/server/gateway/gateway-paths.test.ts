import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayPathsOf, isGatewayPath } from "./gateway-paths";
import { matchRoute, routes, type Route } from "./routes";
import { routeSamples } from "./testing/route-samples";

/** Every page of the dashboard as a URL path, read from src/app: `(dashboard)/keys/page.tsx` -> `/keys`. */
function dashboardPagePaths(): string[] {
  const app = join(process.cwd(), "src", "app");
  return readdirSync(app, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(`${sep}page.tsx`) || file === "page.tsx")
    .map((file) => {
      const segments = relative(app, join(app, file))
        .split(sep)
        .slice(0, -1)
        .filter((segment) => !/^\(.*\)$/.test(segment));
      return `/${segments.join("/")}`;
    });
}

const handle = () => ({ status: 200, headers: {}, body: null });

describe("isGatewayPath", () => {
  it("claims every route of the table, each sample reaching its own route", () => {
    for (const { route, path } of routeSamples()) {
      expect(isGatewayPath(path), path).toBe(true);
      const match = matchRoute(route.method, path);
      expect(match && "route" in match ? match.route : undefined, `${route.method} ${path}`).toBe(route);
    }
    expect(routeSamples()).toHaveLength(routes.length);
  });

  it("leaves every dashboard page, the dashboard's API and Next's assets to Next", () => {
    const pages = dashboardPagePaths();
    expect(pages).toEqual(expect.arrayContaining(["/", "/keys", "/spend", "/realtime", "/sign-in"]));
    for (const path of [...pages, "/api/trpc/keys.list", "/api/auth/session", "/_next/static/chunks/app.js", "/favicon.ico"]) {
      expect(isGatewayPath(path), path).toBe(false);
    }
  });

  it("claims unknown paths below a route's first segment (the gateway's 404), not the bare segment", () => {
    for (const path of ["/v1/no/such/route", "/key/nope", "/models/gpt-4o", "/responses/a/b/c", "/spend/nope", "/metrics/x"]) {
      expect(isGatewayPath(path), path).toBe(true);
    }
    for (const path of ["/v1", "/key", "/spend", "/realtime", "/anthropic", "/responsesX", "/gateway/v1/models"]) {
      expect(isGatewayPath(path), path).toBe(false);
    }
  });

  it("claims Anthropic's Messages paths, LiteLLM's /anthropic prefix included, for the Messages route", () => {
    for (const path of ["/v1/messages", "/messages", "/anthropic/v1/messages"]) {
      expect(isGatewayPath(path), path).toBe(true);
      const match = matchRoute("POST", path);
      const route = match && "route" in match ? match.route : undefined;
      expect(route && route.auth !== "none" ? route.errors : undefined, path).toBe("anthropic");
    }
    // Below the prefix, the gateway's own 404 rather than a dashboard page.
    expect(isGatewayPath("/anthropic/v1/messages/batches")).toBe(true);
  });

  it("follows the table: a new route is the gateway's with no other list to edit", () => {
    const table: Route[] = [
      { method: "GET", path: "/widgets", auth: "none", handle },
      { method: "GET", path: /^\/gadgets\/([^/]+)$/, auth: "none", handle },
    ];
    const isOurs = gatewayPathsOf(table);
    expect(["/widgets", "/widgets/1", "/gadgets/1"].map(isOurs)).toEqual([true, true, true]);
    expect(["/gadgets", "/v1/widgets", "/keys"].map(isOurs)).toEqual([false, false, false]);
  });

  it("refuses a pattern route whose first segment is not literal, rather than guess its paths", () => {
    expect(() => gatewayPathsOf([{ method: "GET", path: /^\/([^/]+)\/things$/, auth: "none", handle }])).toThrow(/literal segment/);
  });
});

describe("routeSamples", () => {
  it("fails loudly for a pattern route with no sample", () => {
    expect(() => routeSamples([{ method: "GET", path: /^\/widgets\/([^/]+)$/, auth: "none", handle }])).toThrow(/No sample path matches/);
  });
});
