import { describe, expect, it } from "vitest";
import { corsOriginsOf, isCorsPath, preflight } from "./cors";
import type { GatewayRequest } from "./http";
import { routes } from "./routes";
import { routeSamples } from "./testing/route-samples";
import { RequestTiming } from "./timing";

const request = (origin: string): GatewayRequest => ({
  method: "OPTIONS",
  path: "/v1/chat/completions",
  query: new URLSearchParams(),
  header: (name) => (name === "origin" ? origin : undefined),
  readBody: async () => Buffer.alloc(0),
  signal: new AbortController().signal,
  timing: new RequestTiming(),
});

const allows = (configured: string[], origin: string) => preflight(corsOriginsOf(configured), request(origin))?.headers["access-control-allow-origin"];

describe("CORS origins", () => {
  it("allows a configured origin, however the config spells it", () => {
    expect(allows(["https://app.example.com"], "https://app.example.com")).toBe("https://app.example.com");
    expect(allows(["https://App.Example.com:443/"], "https://app.example.com")).toBe("https://app.example.com");
    expect(allows(["http://localhost:5173"], "http://localhost:5173")).toBe("http://localhost:5173");
  });

  it("refuses the same host with another scheme or port, and opaque origins", () => {
    for (const origin of ["http://app.example.com", "https://app.example.com:8443", "https://app.example.com.evil.example", "null"]) {
      expect(allows(["https://app.example.com"], origin), origin).toBeUndefined();
    }
    expect(allows(["http://localhost:5173"], "http://localhost:5174")).toBeUndefined();
  });
});

describe("isCorsPath", () => {
  it("gives every OpenAI route CORS, with and without /v1, as the route table pairs them", () => {
    const openAIPaths = routeSamples().flatMap(({ path }) => (path.startsWith("/v1/") ? [path, path.slice(3)] : []));
    expect(openAIPaths).toEqual(expect.arrayContaining(["/responses/resp_sample", "/embeddings", "/realtime/calls"]));
    for (const path of openAIPaths) expect(isCorsPath(path), path).toBe(true);
  });

  it("gives management and health routes none", () => {
    const others = routes.filter((route) => typeof route.path === "string" && !route.path.startsWith("/v1/") && !routes.some((twin) => twin.path === `/v1${String(route.path)}`));
    expect(others.length).toBeGreaterThan(20);
    for (const route of others) expect(isCorsPath(String(route.path)), String(route.path)).toBe(false);
    for (const path of ["/credentials/by_name/x", "/key/sk-x/regenerate", "/keys", "/api/trpc/keys.list"]) expect(isCorsPath(path), path).toBe(false);
  });
});
