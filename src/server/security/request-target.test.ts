import { describe, expect, it } from "vitest";
import { isGatewayPath } from "../gateway/gateway-paths";
import { checkRequestTarget } from "./request-target";

const check = (target: string) => checkRequestTarget(target, isGatewayPath);

describe("checkRequestTarget", () => {
  it("classifies ordinary paths by the route table, query aside", () => {
    expect(check("/v1/chat/completions")).toEqual({ ok: true, gateway: true });
    expect(check("/chat/completions?x=/../y")).toEqual({ ok: true, gateway: true });
    expect(check("/keys")).toEqual({ ok: true, gateway: false });
    expect(check("/_next/static/chunks/app.js")).toEqual({ ok: true, gateway: false });
    expect(check("/v1/models/gpt-3.5-turbo")).toEqual({ ok: true, gateway: true });
    expect(check("/credentials/by_name/team.openai")).toEqual({ ok: true, gateway: true });
    expect(check("/api/trpc/keys.list,teams.mine?batch=1")).toEqual({ ok: true, gateway: false });
  });

  it("refuses dot segments, plain, percent-encoded in either case, double-encoded or behind a backslash", () => {
    const disguised = [
      "/x/../v1/chat/completions",
      "/./v1/chat/completions",
      "/v1/./chat/completions",
      "/%2e%2e/v1/chat/completions",
      "/%2E/v1/chat/completions",
      "/.%2e/v1/chat/completions",
      "/%252e%252e/v1/chat/completions",
      "/x/..%2fv1/chat/completions",
      "/x\\..\\v1/chat/completions",
      "/api/..",
      "/keys/.",
    ];
    for (const target of disguised) {
      const verdict = check(target);
      expect(verdict.ok, target).toBe(false);
      if (!verdict.ok) expect(verdict.error).toMatchObject({ status: 400, code: "invalid_request" });
    }
  });

  it("sends a gateway path in disguise (escapes, doubled slashes) to the gateway, never the dashboard", () => {
    for (const target of ["/%761/chat/completions", "/v1%2fchat%2fcompletions", "//v1/chat/completions", "/%63hat/completions", "/x%5c..%5cv1"]) {
      const verdict = check(target);
      expect(verdict.ok ? verdict.gateway : "refused", target).not.toBe(false);
    }
  });

  it("refuses absolute-form and asterisk-form targets: this is no proxy", () => {
    for (const target of ["http://evil.example/", "https://evil.example/keys", "*"]) {
      const verdict = check(target);
      expect(verdict.ok, target).toBe(false);
      if (!verdict.ok) expect(verdict.error).toMatchObject({ status: 400, code: "malformed_request" });
    }
  });

  it("leaves a broken escape to the checks after it", () => {
    expect(check("/api/trpc/x%")).toEqual({ ok: true, gateway: false });
    expect(check("/%252e%")).toEqual({ ok: true, gateway: false });
  });
});
