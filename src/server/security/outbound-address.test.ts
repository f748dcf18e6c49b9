import { describe, expect, it } from "vitest";
import { isPublicAddress, mayConnect, OutboundAllowList } from "./outbound-address";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "10.1.2.3",
    "100.64.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:a00:1",
    "64:ff9b::a00:1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "not an address",
    "localhost",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["1.1.1.1", "8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888"])("allows %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("OutboundAllowList", () => {
  const list = OutboundAllowList.parse(" 127.0.0.1, prices.internal ,10.20.0.0/16,[fd00::5]");

  it("allows the named hosts, addresses and ranges, and nothing else internal", () => {
    expect(mayConnect(list, "127.0.0.1", "127.0.0.1")).toBe(true);
    expect(mayConnect(list, "localhost", "127.0.0.1")).toBe(true);
    expect(mayConnect(list, "PRICES.internal", "192.168.9.9")).toBe(true);
    expect(mayConnect(list, "x", "10.20.3.4")).toBe(true);
    expect(mayConnect(list, "[fd00::5]", "fd00::5")).toBe(true);
    expect(mayConnect(list, "x", "10.21.0.1")).toBe(false);
    expect(mayConnect(list, "127.0.0.2", "127.0.0.2")).toBe(false);
    expect(mayConnect(list, "prices.internal.evil.test", "192.168.9.9")).toBe(false);
    expect(mayConnect(new OutboundAllowList(), "x", "8.8.8.8")).toBe(true);
  });

  it("refuses an unreadable entry at start, naming it", () => {
    expect(() => OutboundAllowList.parse("10.0.0.0/99")).toThrow('"10.0.0.0/99" is not a host name, IP address or CIDR range');
    expect(() => OutboundAllowList.parse("http://x")).toThrow(/"http:\/\/x" is not/);
    expect(OutboundAllowList.parse(undefined).allowsName("localhost")).toBe(false);
  });
});
