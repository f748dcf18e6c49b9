import { describe, expect, it } from "vitest";
import { corsOriginsOf, preflight } from "./cors";
import type { GatewayRequest } from "./http";
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
