import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "./same-origin";

const post = (headers: Record<string, string>) => ({ method: "POST", headers: new Headers({ host: "dash.example.com", ...headers }) });

describe("checkSameOrigin", () => {
  it("lets a POST from a page of this site through", () => {
    expect(checkSameOrigin(post({ origin: "http://dash.example.com" }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ origin: "http://DASH.example.com:80" }))).toEqual({ ok: true });
    // Behind a TLS proxy that says so (the production server passes it on only from a trusted proxy).
    expect(checkSameOrigin(post({ origin: "https://dash.example.com", "x-forwarded-proto": "https" }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ origin: "https://dash.example.com:443", "x-forwarded-proto": "https" }))).toEqual({ ok: true });
  });

  it("compares scheme, host and port: the same host with another scheme or port is another site", () => {
    expect(checkSameOrigin(post({ origin: "https://dash.example.com" })).ok).toBe(false);
    expect(checkSameOrigin(post({ origin: "http://dash.example.com", "x-forwarded-proto": "https" })).ok).toBe(false);
    expect(checkSameOrigin(post({ origin: "http://dash.example.com:8080" })).ok).toBe(false);
    expect(checkSameOrigin(post({ referer: "https://dash.example.com/keys" })).ok).toBe(false);
    expect(checkSameOrigin(post({ referer: "http://dash.example.com:8080/keys" })).ok).toBe(false);
    const proxied = { method: "POST", headers: new Headers({ host: "127.0.0.1:4000", origin: "http://gateway.example.com" }) };
    expect(checkSameOrigin(proxied, ["https://gateway.example.com"]).ok).toBe(false);
    expect(checkSameOrigin({ ...proxied, headers: new Headers({ host: "127.0.0.1:4000", origin: "https://gateway.example.com:8443" }) }, ["https://gateway.example.com"]).ok).toBe(false);
  });

  it("refuses a POST from another origin, a sibling subdomain, another port or an opaque origin", () => {
    for (const origin of ["https://evil.example", "https://other.example.com", "https://dash.example.com:8443", "null"]) {
      expect(checkSameOrigin(post({ origin })).ok, origin).toBe(false);
    }
  });

  it("trusts the origin over the fall-backs", () => {
    expect(checkSameOrigin(post({ origin: "https://evil.example", "sec-fetch-site": "same-origin", referer: "https://dash.example.com/keys" })).ok).toBe(false);
  });

  it("accepts the configured public address when a proxy rewrites Host", () => {
    const request = { method: "POST", headers: new Headers({ host: "127.0.0.1:4000", origin: "https://gateway.example.com" }) };
    expect(checkSameOrigin(request).ok).toBe(false);
    expect(checkSameOrigin(request, ["https://gateway.example.com/"]).ok).toBe(true);
  });

  it("falls back to Sec-Fetch-Site without an Origin", () => {
    expect(checkSameOrigin(post({ "sec-fetch-site": "same-origin" })).ok).toBe(true);
    expect(checkSameOrigin(post({ "sec-fetch-site": "none" })).ok).toBe(true);
    expect(checkSameOrigin(post({ "sec-fetch-site": "same-site" })).ok).toBe(false);
    expect(checkSameOrigin(post({ "sec-fetch-site": "cross-site", referer: "http://dash.example.com/" })).ok).toBe(false);
  });

  it("falls back to the Referer without Origin and Sec-Fetch-Site", () => {
    expect(checkSameOrigin(post({ referer: "http://dash.example.com/keys" })).ok).toBe(true);
    expect(checkSameOrigin(post({ referer: "https://evil.example/dash.example.com" })).ok).toBe(false);
    expect(checkSameOrigin(post({ referer: "not a url" })).ok).toBe(false);
  });

  it("lets a request without any browser header through (no browser, no ambient cookie)", () => {
    expect(checkSameOrigin(post({})).ok).toBe(true);
  });

  it("never checks safe methods, and checks every other one", () => {
    expect(checkSameOrigin({ method: "GET", headers: new Headers({ host: "dash.example.com", origin: "https://evil.example" }) }).ok).toBe(true);
    for (const method of ["PUT", "PATCH", "DELETE", "post"]) {
      expect(checkSameOrigin({ method, headers: new Headers({ host: "dash.example.com", origin: "https://evil.example" }) }).ok, method).toBe(false);
    }
  });

  it("refuses everything foreign when the request has no Host", () => {
    expect(checkSameOrigin({ method: "POST", headers: new Headers({ origin: "https://dash.example.com" }) }).ok).toBe(false);
  });
});
